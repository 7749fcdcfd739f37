from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_work_workspa_0978dd";
        DROP INDEX IF EXISTS "idx_upload_workspa_070916";
        DROP INDEX IF EXISTS "idx_upload_workspa_d1e188";
        DROP INDEX IF EXISTS "idx_product_workspa_055edf";
        DROP INDEX IF EXISTS "idx_cta_job_workspa_982b85";
        DROP INDEX IF EXISTS "idx_batch_workspa_12bea5";
        CREATE INDEX "idx_batch_workspa_342291" ON "batch" ("workspace_id", "created_at", "id");
        CREATE INDEX "idx_cta_job_workspa_9a1930" ON "cta_job" ("workspace_id", "created_at", "id");
        CREATE INDEX "idx_product_workspa_9b60a9" ON "product" ("workspace_id", "in_catalog", "created_at", "id");
        CREATE INDEX "idx_upload_workspa_bfd7c9" ON "upload" ("workspace_id", "kind", "created_at", "id");
        CREATE INDEX "idx_upload_workspa_741f62" ON "upload" ("workspace_id", "created_at", "id");
        CREATE INDEX "idx_work_workspa_8518ac" ON "work" ("workspace_id", "created_at", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_work_workspa_8518ac";
        DROP INDEX IF EXISTS "idx_upload_workspa_741f62";
        DROP INDEX IF EXISTS "idx_upload_workspa_bfd7c9";
        DROP INDEX IF EXISTS "idx_product_workspa_9b60a9";
        DROP INDEX IF EXISTS "idx_cta_job_workspa_9a1930";
        DROP INDEX IF EXISTS "idx_batch_workspa_342291";
        CREATE INDEX "idx_batch_workspa_12bea5" ON "batch" ("workspace_id", "created_at");
        CREATE INDEX "idx_cta_job_workspa_982b85" ON "cta_job" ("workspace_id", "created_at");
        CREATE INDEX "idx_product_workspa_055edf" ON "product" ("workspace_id", "in_catalog", "created_at");
        CREATE INDEX "idx_upload_workspa_d1e188" ON "upload" ("workspace_id", "kind", "created_at");
        CREATE INDEX "idx_upload_workspa_070916" ON "upload" ("workspace_id", "created_at");
        CREATE INDEX "idx_work_workspa_0978dd" ON "work" ("workspace_id", "created_at");"""


MODELS_STATE = (
    "eJztXWtz3Day/Suo+bJy1azXGku2r3PrVkmO41VWtlK2tNnaeIvBkJCGEYeYJTFS5Dj//Q"
    "Lg+zmE+BgS7i9+kGiScwA00H26G3/M1tQijv/0ZGNf0lvizl6jP2YuXhP+j8K9OZrhzSa5"
    "Iy4wvHRkY7yxDRY3W/rMwybjN66x4xN+ySK+6dkbZlPxEnfrOOIiNXlD271JLm1d+79bwh"
    "91Q9iKePzGL//hl23XIr8TP/rv5ta4toljZb7XtsS75XWDPWzktaurs+9/kC3F65aGSZ3t"
    "2k1abx7Yirpx8+3Wtp4KGXHvhrjEw4xYqZ8hvjL8ydGl4Iv5BeZtSfypVnLBItd46wgwZv"
    "97vXVNgQGSbxJ/HP1f+GmpZobx4eLS+PT20jBmCtiZ1BW42y4TQP3xZ/DcBBB5dSZe8Obv"
    "Jx8Pnr94IiGgPrvx5E0J1+xPKYgZDkQl6AnKpkcEJgZmRbS/53eYvSbliGclc8hboejT6B"
    "+P6YHoQtIFyfCLwI3g6wHwGf+B1oXrPIR9X9MBl2fv3366PHn/k3jd2vf/60j8Ti7fijsL"
    "efUhd/Ug6C/KZ1Yw5+KHoJ/PLv+OxH/Rvy8+vM33atzu8t8z8U14y6jh0nsDW6lhGl2NUO"
    "Mtk16XU9tYYX9V7PU3K+yV93hWKtfjHLl+ZlmfPbzGvxsOcW/Yiv/3xVFND//z5KOcZS+O"
    "cr32IbyzkLf+zMDMfzVxVBCOBboBt8kEmvWlr7LgHj571gBd3qoSXnkvj6/PjK3/KPWVl+"
    "1AgYVDdyz6ayL6KsKkVmHxjvIMtR1BSqTLbcF4O3XHLkBstK5vSzcBAqoitD9Qj9g37j/I"
    "gwT4jH8Hdk1SAmi4tbwKHzNNSJOryVT28H28M00PKP7b+S8mLFDnJ5/enHz/diYRXmLz9h"
    "57lpGBWtyhC5q7Erct3lov1vkr2MU3EhzxK8Q3h6ifYmauZiU7/eBG7TZ/GTfZtcWf/bzC"
    "DPE9PFoTz1xhlyE+HDzeya8RRuLNc3nXJ4xxsH1E7oj3gH6jS+Tz5Y74c4RdSzbhG0fLZj"
    "6yGbrHPgr3kejeZquns1yPDfTaz+4Zv7PxqJgzvhThr2Fb3oyuCbr26BoJWf5cHx1g16VM"
    "Cpt0ywfRkznyKXKpfK34AHTv2Yz4/LW2jzx6L3/WblPol9k99W79DQ4mWXaDzQfef8BWAl"
    "tpnDpUY1tJ/q2wh4/aD7eFH8xCWjTaxC9qNvGL4iY+Ut1FjH/8dPGhHOO0TH422SZDX5Fj"
    "+2yCeNfAK9DITJkI1YP3J//KA/7m/OI0PxfEA05z4IeLYhH7M5dVqrJIIoe82DlND3H+vf"
    "yvvy4Oj14evXr+4ugVbyI/NL7ysqZTzj5c5hAFS6WDNTiBM94RKWKalwNg603AzM6zpR34"
    "c/pZ0wR3pzGYH1/lFmFeMYCR3aORnUB9TR2LeCWr2mko+MM/PhIHy99QCfQP8iGTdfsVkM"
    "4MRmHItoPnXQAKb/MjXWo0IP/s01fzhuEz95rOSrw10a15nb/G5JapHbXa6bL5aYV9ghav"
    "EXUJusOejV32l9DzYd8RdLAhrsUx+so/13n4Iv4VdiL/p2Gv+W9IX/C3NzfEFw//avEnfr"
    "3GtkOsJ0WfzYDvLXGq/CIGt7H1JI8Svt2QgyxwoGQcLr8FYzdw9oCDBRwsY1VXGjtYwslX"
    "6PFqF0si0ZeTZX8s9PNFAxfL80Wlh0XcyppQmDGy3pRMqUobPyUxnI3/rC94OzbwHcJXN4"
    "P8vrH5FHgM8VwiPwj5POSYnoh6asQ9e4T/VqLiI0tJwPwpOMg21iMX+awkLPIjnkUFgzPc"
    "j2e7+5L8XjGDwuZacCh1vfj2X5f1Pv24E88vPryLmucd/dkJlrV5mmutghz490vUV2KNKh"
    "FWGalWlNU43U2DMVZibX0wZOCF4oqckoJVOT+siedRz1gT38c3JRxAtaYuCD5KZ09nUPei"
    "soXHSs3FlEgAs1UCJt8/PALQRApAzYG68ai1NZkiqFmpFqBORz88noINfdEt+cE3DOtFyM"
    "xzDGGi+XZzrikmoBNYr4JnaYxsogJ3oxvO7g7Q/Sl50iQVwU5os4owAy3/BPTh6vx8X/Hj"
    "ocIopyRDVVLPSIaKq9c0UYiN3v/aNQfq7hvy6kFs9P5jo213sy2ZUNV+plgAoqJb+Jgghh"
    "dieMcKLMTwQgzvyHHtJIZXhDm2DFFNhVRqgnSeUm0PkHZOjb7jd0PAKs3lEM2dFnPkl2oa"
    "xnv4GvGreENkVK3FN3I2txnR1cdzRK8RlrnHB2HSchRfKwXifxBrV8hu5++oCs8V91zqrb"
    "Fjf+Gmn4AiH5sL9jzY8+PUPBrb8xCKC6G4s+kELUAoLoTiQiju4+cPhOLqtshDKO6o4rpy"
    "No7CvqooqUUH5DmTo1eNSJOjVzWsibhZEsyoMsZjAQhehOBFiLPTAFOIsxsyzg4iwYaKBA"
    "OCZH/e/7AiTInrP6kVU+33v07a7HT5n6CNg02CZC0MH2GPoGvhVRdFT5OCGsETke3yq7KS"
    "KzoI/hL1S8NmojLqkzminqyBKm9zSVkb1SqwAMO89rMbPuHg1+DCr/NYbOsKwcfVSw2fIf"
    "6Z8kFzmV+SOrfhD4doQWAXRqrZJup4gGhBNWqhUbTg85powecllVRjrZ7bElDqEOxWEDix"
    "UA7mJZfqC+f4yrAa6/Ti4jwzV07P8vbt1fvTtx8PDiXsvJEd7MyKrlO5oihaaWkZsNEqkt"
    "aVEM1KAaYQdwlxl3sHt4e4y3j/3hLd+EiMSaqDncCmF5jdoKbspZaw/jN5kp7AZteZFkGt"
    "jKw7KUt7xh+kkYbI8wlQm3Zf3i05sCo9XNGw2+XlMuyo4W5Xlxu4mwJPU+BVCh7yHSLYXI"
    "V3MUNrvigjyhUR2hAv8kIdCP9S0G8owQut8S2RR/34tCTadaB3lka/Jm5A+RKIewXP1ES0"
    "ksaeqUhrKU2xjBDYSPnUVaHdFBFNywCg9UZnso603Lw3PudgpLDu3Lxn5ulusyhYltvj+i"
    "5C8yx6oKb4pmftmA7GzHVAyaa22EXVG9u484x4gChsbjG6iW0SvlG0eFtx8CRa0fvoQEpx"
    "FR38uvHoHXHF0Pr1yVN0kuJdU6ysiV3LFlsJwcZ61fvbXl/72RVHYnJbjG+JpeeB+I2J2x"
    "quNnXrljwE10TIDnC2sDMeqabUeGcspmChu6sp27C5hozt8WGTbDDeqpKxlfdyDI1tsRK/"
    "dmU2S9weSjOXcLIrvkFbqSTXJQKAZwmeyZ6giGl1CaKsFNQhalGHaE+R9eMkaaYdYDChoQ"
    "wRBqNz9kCEQd8RBvsgw6eKbhM2PLeMdedPa0zqjnMVe2zajVpuSIqFhXCDgXn07Dit9jom"
    "A3mn05E3bVxkeXaRHLoaVG2SvrnXkSeQZDIy3O16STzRLnTzXXt0zVvYfvrg1hX1SehS9I"
    "tset8v/Ox+ypacSs6GTR8Iiw4suuad/LfQF/m3oDQNf8DmoYaPj0PLohUACHlwO05DvWns"
    "doRCVFCIajadQjpQiAoKUUEhqsfPHyhEpdsiXzKLCoHe/HF2+UGalbMoLQKcTclMghMj9s"
    "LUQMWpIStOwRmwveiOPeY0T0h/KNBjEFYONO5YQa1hG4fOth0pqBqk204VWVWGEZIhOkyG"
    "aJTILKmZdtSicoLEOHe9w7KLZxZZbygjrvnAR/WshF7MtZjX8Yt20tYIQ3e7PcU1V6KNbk"
    "I6U/xHRvcD2QZk2yQU7ET9cE3ItsysbMq3ZYQ0jPd/cdSAc3txVMm5iVtZ0wVSKaKy78fH"
    "DbDlraqLvot7eZ8Q/6U+M1bYL7FdqmHOy2mId/dDmese/r2KRnhGCGxwCKWGUOr9g9tRKP"
    "V+MrzPbV+YjxUli1J353VGkCPbKZQsulwRFAghh968RvcrzBBGvkMZ2myX/NaKWE/RVVAh"
    "SBQOErfmyKe8lUf4B9h3hP+N1sT3RZq2iV2Xy4pnInZvm6QYZDnQO5vkbmMz5lBC6DCD7G"
    "yw3Maq6TS23MQcV9wvpESGnWWj3ChkwDS5Ct06fCo41MRKp3WViGpoRyxeNDHb8tMhZbW9"
    "KFQsj3FT11t5WQ0110Q0VaOIyWSroNjPGUHo5FF3MrOZo3TEQyygobo8bnTGw3HNGQ/HxT"
    "Me0l9WwLk63CwnpgXaQ0edLflXEGZsqPyAAvjVIZYFweFDLVMmznJrO8x2/afiffuwcnoJ"
    "wAyK0Cm62DNCWsyJAWoWRd4Gz7jlP1IF7qKkhpgfNtkkH1Zvkg8Lm+TYvVN+hnC10i8IQq"
    "yxutYPvV2KVnZWCnzycMotEEhTAhYIpD3W4kkRDC3x/cS4xEnyOE0hzq42cFzzeI5r7pv9"
    "5D/xk0PZrIL+jG7Pd/GfvKHhRy0blZiRzGNQ7oU4DB0E9ReQqBHw8DX2zX7lnb3lf3EYTe"
    "L7omRLUK3l69r2fWI9EUcLe/ReHrsi2Up2TxGxRGVpel1gQYd68WeX8jdtHOyie89mBFn2"
    "9TXxiMuEjD9HW1ccBCMK24Rz7y8+cqh525hETcpVWLxpVPs6Ta0KIsGQPk3gVoFbHekKpT"
    "O3CiVooATNdJJ3oQTNN8a1QQmaTucPlKDRbZEvmUWFEjSpXbbCQp+V0pDE6D7SJ7RyFKdW"
    "IqXhtJruNCouRlD/BjipMcIPnBRwUroMVuCkgJOaDsTASX2LnNR7Ytn4xPdJKSWVujuvY6"
    "TWop2B44Y7CSk5pyy0fGDEnyMOICMu+yvfv3IN6hPrNRJ0zrXtBJlxliS8TBY1RAeC9bkl"
    "D8ginn2XHEpAkL/Ci+MXT+byAR7f/OY6crg3f3bFA2LFhbBrRU95iq42DsUW/wB5X94LSy"
    "j5SIadohXxyHeC5jKxizYeubPJfdAwOWMiPMy1+qyEzDITfCBUcAGuaiIr10TdWI24qmAu"
    "Fnq8hquKJTR0X0HtlmmFlIfrWACUAsx5OQ3x7n4ow5nDcObwePH07S8lKuDUvqkENJLQCc"
    "7/WSyeP3+5ePb8xavjo5cvj189i3Et3qoD+PTsncA4oxyKoIObDtx0Y3R0tK09lGb3pYFc"
    "olkUCtYGVrZGeGeUQOQwaIdR89rUE3G+FRVlO4DEvNVpCPXpTbzYsiX9/X1QsWpW4lDMNp"
    "jX+RSpbGqsU207rXQMbjBwg01iJmvsBgsnt1JxhrQMHIHVogKDT1wxa2SItkpUakEOYlMv"
    "y8yI/RB6PwVU0SX2b8sW4PTt2uU3pJwMFrXcyen52UO/U4lcJl1vhBVghSld3wUcGZE5Wb"
    "IsplDNknATGV4Hgk4T70W3xHOJIw4Yd7C9flKssjnQO3eTayY2V0Flkjy/lmso/hPkjmUu"
    "R2w6pI7BPmSk65PG+xBIHYPUsZFvLyB17BuO1ofUsU7nD6SO6bbIl8yigi+Y92JZyktdtI"
    "LTIuXlUT0762u3nKt516jS6WFNpdPDYqXTcia4ZgtVzgNPH93jZmVka6rIFuJtYutSZfim"
    "hTSMtDl8tmgSayOa1QzjRSHehpviQuuorLZpEVhu88tteI6U4vDNSumQdThAYJ7M0kxzZk"
    "rpnWlBHQAfOs3z8RbZHmyx0fTEuLeRRWOMK/s74kbBPk1pq6xUK+JqOn3bC2+157zfsW2K"
    "ukn8DU/V5Kbt8kH5mMiCKKRVZ9ENQ7UUgc1KwZAtCYJ9RPwrwFkNJ8QUQ0zxwOD2kPqfXp"
    "A6APnKJ9O1fXbCW7J6VySo55VFR+NX86E76noKUwW2pqBCKbZ3SZB7S2ybh8tPFdvsrnNM"
    "p0fzcb0ks9KgNnFjXh/OFjWBIHII3ipyJRC8NRujQw6CtyB4q+HkmQobBsFb3xhfAMFbnc"
    "4fCN7SbZFvErxVSWlXr/JtyezR9W624nejEK5FTQjXohjCJR0WaxVVlZIAVZVXVWE6UoUj"
    "subc3ZycDrEYAwQgBhFDRaCro14SCR0gHjrcBRgjYIzG6MFsW4WmZx+m9M2XezEjt32tHz"
    "Nu1KknM5eP6lJvjR37S3gW+Y6kVts1TMywQ2/E/7LONN4HkNQKftGR6pSJmkyN/KJ063Ed"
    "KKavwpYoKwXbIvVtUU51Kuz7i5I64J+3W49eNTJcj17VWK7iZhZ1ZjNHyT0QC2iYf9QsAa"
    "kuA6lgXKW/TEGd5MQ0wHpodbL0sFuyS6oe2LGAjsqjB6fXxrPLTKs694xdamJpAHD37KG5"
    "9TzimmqZiykZDTFuAnE1woW029utCrZhc/1g7b7wOr7DNv/ptmMzpeGbl9MP6x7UBHapa4"
    "tTWhXtlYKgDmgPvcew16pVGBOJ4Wswplwyy63tMNv1n4r37cMr01OGG4fXezAkyKoTolQY"
    "JoX6pOAfiTeP8pplJSGbdzxxBSVeMtlXxiOCCPOCA9q2LrkfxpVw2ORc8cPqc8UPC+eKh7"
    "CpBxUWBSHgoHAYS4BR2xDDmseAMpuAMlM+3D0vB9sF9e0CxCVWq7lpkmxN4hKzzHe2108p"
    "5SrUrTCgMoK5Tl9yyb76Ob4y7Jw7vbg4z/Tp6Vl+Ul29P33LdxOyM3kjOwjYgNOvIO5oFO"
    "AOePqVybBhu9e05dFFbxg+40+Z7Npdf7aTAGnrOe0x+pEur7wm+naKKAnHGN9bcGVaFtet"
    "gtS5fNIZf5DGUPGHGL5D256qdh486hN/kqZgpc8HaQlW7kwSTVaHsgIEg53VNxmQ+oy1/c"
    "T4LuXENOnWLQ24zdyf10Xd+qKlgVNN+6wikD9aJonBhEBaCKQd6QyfqI3fJJBW/l3o75ow"
    "zrC9hlmHveRtiRH/hbqK0ZuJjIY4dx/Mstku+f6WLzjGra0WT1iU1BDw7omuBDZVAj8vCN"
    "54dW98AqJP+Npbsl43GfCJrA59kIulPW4y5Hmr6lja48KgX9sybbnCgq7J1c/JgYZpoGGk"
    "T8fY8HFq4ZIAxUomvSD3KCJ9bIO7YyqduOJ3liyUtaxOSgooHQVKx9s63L52zZXaCU05MQ"
    "2VdCMdXaOiC0oDaOpq6KdpwjahqYEyBcp0DP7eeW+UacBzDchwTQXybIDY0NTWZFDqk4i4"
    "tM3bc2rezkpIiPjevI6AYLyV4UTN9lLCeL9e0N38wuR8c9U0g+hoUQPAZXaJ52hHedCcrI"
    "b7tOnuy4rcwoo6FlGyeRIJHZ0kiybFIXirajfJolAawsE+M7yt+5hiu1lRiH4f21wq7MX3"
    "U9brauNQnF0vs3dqV/dt0mbAuIKIzSmW65qj6hCEOVT0gkCEUS8o0/TiNAlEUGVuga9VYF"
    "OoZ9/YLnYMVUOnIKhBkaM8VXjciCo8rqEKjwvVNXyfqJ6ImZYBVySkxYCPd//g9nCAo5zm"
    "HaD7nlg2Pokepim8aZ2YgfbDBTp5c3l28aGZA112UzvXcMPjHMdpAg/rEpaHipaZi+Fhoz"
    "XGYtSiz/LPZI3tYtVnMPrA6BunstTY6AumYqHDq+2RWEBDs29x3IR84a1qLJFCaDTE9/cb"
    "3w+GCRgmY9jQ5XfO3QWfMHpL3Jab55ONfSkeoxHgGS2wxMxclRWZVAHpVDxEV4REQYPf6L"
    "KTgga6YrS3tHMwWpP88xK7NZWaXm263qUa7bJeZyfIJwH6KJRD9BphFFZNQuFJSK+RzXy0"
    "pubtdoNkzVOEXQvdc7uW/8tjQsmjG0p8xE0/mz2d5eDt8z2ldnbqBCe+vNvy54KhDYb2NJ"
    "S0xoY2nCDT7zkbHDi17J5YQL+8nl7sbN/+ojR+o/b6wXvc7ACkmvOPCrmWjynFDiXY22Zx"
    "869hBuZrThH26rMJslLDn0+wnw7o5ySCaIdagL8yuzgtMlyF7j5VS8eZxYFWUNzJp2Ra7O"
    "eno04U4l5Cg0oR0awUuJbBZw8++/2D20MwUcrf0hLf1AHdmqKbVYq7sZXLUgfIKgVqjXMR"
    "24lteglvE6d1LfO/Wvq+f4iTyPQAOzMq459kVJ1rpgLVu+hpZ9Fg12Tyl2HGH90BBfUufh"
    "gwUd9wAeQ+qSgZalrCQ0UhqNUk1H3UogEDtbGJSSQdFBI8jKLNlgmKJ1wq/Tm69ugaYRcF"
    "WXyIeuI/AUN09fG8jHDq6rFtSgnPIY8PmKYxqxWNmSYIOOyXafLp1jOVvfVZKXDXq7vrIa"
    "WvYy9cNCTlFkAR2DJZcB2DlxO8nHsHF1Im9wtvk5TJSjXcAchJTZhJKt2d+JYtPRmc+Yeg"
    "D1fn5808nuBp2benJdC3Fe6WWBnX+1ySZnspXwj+DPBngD9DR3/GiEqDdhbWWdhLN1knIc"
    "MKMqzaYzQsvzxJiIBgVsfMtsh6QxlxzQfjljy0xOwseRo3u3TFbE9nN08Wq70c3jxJtNbC"
    "zWNIP0hLsLR0GEGgRwu06LLtiviTeIbGAMkIj9YQaRaLmvW4pg/cbglV/phvHfEKXK0tgW"
    "rslp4mRH5rqyYqzqcjPGHtg5YIpcpA6AjScDUyJwNPn9TDCfFsU/jVCrxDeGdeRzrgpM1o"
    "GIfqM1nLCIeSfMnQtzlef2gnyZLVBMMdV+Kl+ajV3uaUiI4BdL3UZueTSgHhsLmG6PZSp4"
    "G/kRG3hCGrTmlPiUA+u2I+uwKX0v1i9uf/A2tzlNY="
)
