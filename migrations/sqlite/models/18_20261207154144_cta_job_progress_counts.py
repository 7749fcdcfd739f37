from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # A job's done and failed variants, counted once and then kept by triggers in the statement that changes a
    # variant's status (db/models/cta.py CtaJob.done_count).
    return """
        ALTER TABLE "cta_job" ADD "failed_count" INT NOT NULL DEFAULT 0;
        ALTER TABLE "cta_job" ADD "done_count" INT NOT NULL DEFAULT 0;
        UPDATE "cta_job" SET
            "done_count" = (SELECT COUNT(*) FROM "cta_info" WHERE "job_id" = "cta_job"."id" AND "status" = 'done'),
            "failed_count" = (SELECT COUNT(*) FROM "cta_info" WHERE "job_id" = "cta_job"."id" AND "status" = 'failed');
        CREATE TRIGGER "cta_info_counts_insert" AFTER INSERT ON "cta_info"
        WHEN NEW."status" IN ('done', 'failed')
        BEGIN
            UPDATE "cta_job" SET "done_count" = "done_count" + (NEW."status" = 'done'),
                "failed_count" = "failed_count" + (NEW."status" = 'failed')
            WHERE "id" = NEW."job_id";
        END;
        CREATE TRIGGER "cta_info_counts_update" AFTER UPDATE OF "status", "job_id" ON "cta_info"
        WHEN OLD."status" IN ('done', 'failed') OR NEW."status" IN ('done', 'failed')
        BEGIN
            UPDATE "cta_job" SET "done_count" = "done_count" - (OLD."status" = 'done'),
                "failed_count" = "failed_count" - (OLD."status" = 'failed')
            WHERE "id" = OLD."job_id";
            UPDATE "cta_job" SET "done_count" = "done_count" + (NEW."status" = 'done'),
                "failed_count" = "failed_count" + (NEW."status" = 'failed')
            WHERE "id" = NEW."job_id";
        END;
        CREATE TRIGGER "cta_info_counts_delete" AFTER DELETE ON "cta_info"
        WHEN OLD."status" IN ('done', 'failed')
        BEGIN
            UPDATE "cta_job" SET "done_count" = "done_count" - (OLD."status" = 'done'),
                "failed_count" = "failed_count" - (OLD."status" = 'failed')
            WHERE "id" = OLD."job_id";
        END;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TRIGGER IF EXISTS "cta_info_counts_insert";
        DROP TRIGGER IF EXISTS "cta_info_counts_update";
        DROP TRIGGER IF EXISTS "cta_info_counts_delete";
        ALTER TABLE "cta_job" DROP COLUMN "failed_count";
        ALTER TABLE "cta_job" DROP COLUMN "done_count";"""


MODELS_STATE = (
    "eJztXW1z2za2/isYfVlnRpuNFdvNTe/cGTtNs+46caaxtzvb7LAQCVusKUJLgnadJv/9Au"
    "D7qwhRlEj4fGkdEgekHhAHOM95wZ+TJbWI4z8/XdlX9I64k9foz4mLl4T/Ubo3RRO8WqV3"
    "xAWG545sjFe2wZJmc5952GT8xg12fMIvWcQ3PXvFbCoe4gaOIy5Skze03dv0UuDa/w0I7+"
    "qWsAXx+I1f/8Mv265F/iB+/M/VnXFjE8fKva9tiWfL6wZ7XMlr19fnP/woW4rHzQ2TOsHS"
    "TVuvHtmCuknzILCt50JG3LslLvEwI1bmZ4i3jH5yfCl8Y36BeQFJXtVKL1jkBgeOAGPyvz"
    "eBawoMkHyS+M/R/0WvlmlmGB8ur4xPb68MY6KAnUldgbvtMgHUn9/CflNA5NWJeMCbv5/+"
    "fPDy5JmEgPrs1pM3JVyTb1IQMxyKStBTlE2PCEwMzMpo/8DvMHtJqhHPSxaQtyLR5/Efm4"
    "xAfCEdgvTzi8GN4esB8An/gdal6zxGY98wAFfn799+ujp9/1E8bun7/3UkfqdXb8Wdmbz6"
    "WLh6EI4X5TMrnHNJJ+iX86u/I/FP9O/LD2+Lo5q0u/r3RLwTDhg1XPpgYCvzmcZXY9R4y3"
    "TU5dQ2FthflEf9zQJ71SOelyqMOEeun1nW5wgv8R+GQ9xbtuD/PDlqGOF/nv4sZ9nJUWHU"
    "PkR3ZvLWtxzM/FcTRwXhRGA74LaZQJO+9FUe3MMXL1qgy1vVwivv5fGlK7+M7hmlDsFuNc"
    "CRRAHeORfpC9/kym6XhLPLy4ucMjo7vyoge/3+7C2HXALOG9lMXj7/cFX6in1mBP5Gi0RR"
    "dgvLRKQghrJKjGRViDFpXBbIHyubd7fBOOclYZSHPMoeuecL+SazOS8JozzkUeZK1zPUbK"
    "iMyDYNqeEO6hq7SZimN3eVZpOAqgztj9Qj9q37D/IoAT7n74Fdk1QAGhnj11E344Q0vZpO"
    "ZQ8/JLZ89oPiv53/YhLuMd6cfnpz+sPbiUR4js27B+xZRg5qcYfOaOFK0rZ8azlbFq9gF9"
    "9KcMSvEO8coX6GmbmYVHAj4Y1pEzEyT5qsI0UmvywwQ2xB0JJ45gK7DPHPweOD/BphJJ48"
    "lXd9whgH20fknniP6Hc6Rz43EIg/Rdi1ZBNuals285HN0AP2UWR5owebLZ5PCiO2o8d+ds"
    "/5nZVHxZzxpQh/DAt4M7ok6MajSyRkeb8+OsCuS5kUNmnAP6JnU+RT5FL5WPEC6MHj+0+f"
    "P9b2kUcf5M9aTx79Onmg3p2/wuEky1MS/MP7D7BLwC4NU4dqzC7J/5fGu571iNvvjvTYGa"
    "c0a0V7zBpoj1mZ9ohVdxnjnz5dfqjGOCtTnE22ydBX5Ng+GyHeDfAKNHJTJkb14P3pv4qA"
    "v7m4PCvOBdHBWQH8aFEsY3/uslpVFksUkBc7p/Ehzt+X/++vs8Oj745evTw5esWbyBdNrn"
    "zXMChlfgkslS2swSmcyY5IEdOiHADbbALmdp4d7cBfsn2NE9y1xmDx+6q2CIuKAYzsHo3s"
    "FOob6ljEq/KmRII//uNn4mD5G2qB/lF2Mlrar4R07mMUhmw3eN6FoPA2P9G5Rh/ktz65mj"
    "cMn7s3dFLB1sS3pk18jcktUztutZay+bjAPkGz14i6BN1jz8Yu+0vEfNj3BB2siGtxjL7y"
    "13Uev4i/okHkfxr2kv+G7AU/uL0lvuj8q8V7/HqDbYdYz8qczQ6fW0Gq/Co+biPwpA80er"
    "ohP7KQQMkRLr+H325I9gDBAgTLUNWVxgRLNPlKI15PsaQSfZEs+4vbeTlrQbG8nNUyLOJW"
    "3oTCjJHlqmJK1dr4GYnd2fgv+oJ3ywa+Q/jqZmweXFAlvxPn8y6/6ZGop5YRBvy3EhWOLC"
    "MB86c4f1zyBzMiDbPB9KkQh9CNIU+fYGVtuKnLS8KmbsDDXiIYIvsrP9xXfO7WDLW340Dh"
    "PU3et/+6avbhJIN4cfnhXdy86NjJK9S8jdt+lSrJgT+nYrlK2QclB2VOqpOLcjxLUy8eSk"
    "G83Xo0cC3jjjyqWIllyY3Uy7A21nlj8fiwjbXIW9Wai/Let9J+99GQoU2Ke96MFOx7i4qE"
    "eB71jCXxfXxb4WWrXxtLgj19xkNRI70skoITViNxUwnwHVeAyXdsGwCaSgGoBVBXHrUCky"
    "mCmpfqAOp49MPmQQ6Rt6ejB/4Nw3q5PKcFH3yq+dZHNWR8bVuB9drrLXdxIMimKnA9utHs"
    "3gK6H9OeRqkI1kKbV4Q5aPkroA/XFxf7ytCIFEa10z9SJc0+/0hx9Vq6ArIP9r92TcE5/o"
    "R4VMg+2H/2ge2ugooJVc/sJQKQd9CB1Yu5Z1WWqSQHPFORZxIxcsq45oUA1CKoYcyhMqxF"
    "MQAW0mUgXWYswEK6DKTLDBzXraTLiIyCjtkgmewFTZAuRrN0B0g7drPvVJkIsFreLEJzLX"
    "UWE9RtM2YOXyN+Fa+ITGCxuEVnu9y4u/75AtEbhGWZj4OoPkicyiIFkj+ItS47ZuvPqMuE"
    "Efdc6i2xY3/hW1EBRTENBog9IPaGqXk0JvYg6wWyXibjsdMh6+WJhe1D1stW5w9kvTyt6Q"
    "NZL7pt6iDrZVABvQWbVmEfXZbUYgCKzvKjV6285UevGtzl4mZFFLvKN54IQNQ6RK1DgLUG"
    "mEKA9S4DrCEEeFchwOAQ25+3Jyq2V+HqScvw1ft5btI2a108p2jlYJMgWWbMR9gj6EZ4UU"
    "Q9+bRWWdgjsl1+VRbJRwfh/0Rp+KiZKDr/bIqoJ8vLy9tcUpadt0pen9089rMb9XDwW3jh"
    "t2kiFrhCcLNS9FEf4s+Mz4HL/JoeIRD9cAgTB2/SQDXbSIkHCBNXcyW1ChN/2RAm/rKiSH"
    "2i1Qtbgqbj+VIhOKFP4YQ+uaIoWmlZGbDRaurDKCGalwJMIc4W4mz3Dm4PcbbJ/r0juslp"
    "Y6NUB2uBzS4w60HN2EsdYf1n2pOewObXmQ5BzIwst1Lx/5x3pJGGKPoToOz/vtgt+WHVMl"
    "zxZ7eO5TLsuOF6qssN6aaQaQpZpbCT7xHB5iK6ixla8kUZUa6I0Ip4MQt1IPilcNxQihda"
    "4jsiT1H0aUV0846eWRntnNKA8iEQ5wzM1Ei0ksbMVKy1lKZYTghspGLNAqHdFBHNygCgzU"
    "Znuo503Ly3PkJqoLCu3bzn5ul6syhclrvj+i5G8zzuUFN8s7N2SGeOFwagYlNbHqL6jW0y"
    "eEbygShsbjG6TWwSvlG0eFtxpjda0If4rG9xFR38tvLoPXHFp/Xbs+foNON3zXhlTexatt"
    "hKCG+sV7+/7fWxn11x2ji3xfiWWDIPxG/tuG3w1WZuiYrI8poI2QGfLeyMB6opNd4ZK5Yz"
    "71LDvMWoalbE/MG2WAWtXZu8lLSHQxAqXLILvj9bqORSpgKAZwWe6ZagjGl96bm8FNSf61"
    "B/bk+B9cP00Yw7vmBEnzIEGAyO64EAg74DDPbhCx8rum2c4YVlbHt0Wmuf7jBXsU2zbtRS"
    "QzJOWIg22LEbPf+d1pOO6Ye8lnPkTVsX159cpsfZh0W6JDX3OiYCSS4hww2Wc+KJdhHLd+"
    "PRJW9h+xkC0FxQn0SMol92pvf9wM/up3yFsRgV/qeoCBwVGEMHFl3yQf5bREX+LaxExDtY"
    "PTa445PIsngFAH88sI7jUG8as45Qdwzqjk3GUzcJ6o49scJJUHdsq/MH6o49rekDdcd029"
    "RVDHsprp93Z1cfUV6rNbMi4KOr0JxwMtRePHNQYGyXBcbgrPdedMceU9hHpD8U3KGQRQBu"
    "+6GC2uBd3nVy9UBB1SC7eqzIqnqUIfdli7kvrfLWpSuumytZOR9mmLve3XqTzy2yXFFGXP"
    "ORf9WTCndyocW0yZ9sp22NKFJ7u6e1Fyry0VXkvhb/kMkc4FwF5+ooFOxIebg2ztXcrGzr"
    "X80JaViQ7+SohY/15KjWxypu5U2XYWXO7BHa2fFxC2x5q/oa/+JekRPiv9RnxgL7FbZLPc"
    "xFOQ3x3v6nzHUPf19FIzwnBDZ4JaQqFHIqARyyOocMqQqQqjAEa3G6UarCfgooXNi+MNdr"
    "KoJl7k6bjE5HtlOoCHa1ICgUQg69fY0eFpghjHyHMrQK5vzWgljP0XVYgEvU5RK3psinvJ"
    "VH+AvY94T/Hy2J74sqCCZ2XS4r+kTswTZJOYh5R89sUxoBm4nPKoIOMyh+AJbyUDWdxpay"
    "mOOK+4WMyG5n2SA3CjkwTa5CA4dPBYeaWOkwvApRDe222UkbM7k4HTJW8knpQIAEN3W9VZ"
    "TVUHONRFO1CqlMtwqK45wThEEe9CAzmzlKJ6gkAhqqy+NWR6gcNxyhclw+QiX7ZiWc67mZ"
    "gpgWaO+aoZnztyDMWFH5AiXw60NaS4K7D23NmDjzwHaY7frPxfP2YeX0EvAa1nhUdGnkhP"
    "RLy+ulJFhMNnjGHf+NKmiXJbVQQ3nMD9vskQ/r98iHpT1ywu5Un9Bdr/NLgkDLqyv9iOxS"
    "NLLzUkDJwxnSUOpqTMCC/2iPpa4y/oWO+H5iXOI07U5TiPOrDRyGPpzD0Pt2fvKf+MmhbF"
    "Lj/YxvT9e5P3lDw49btqrgJB2PYTUl4jB0EJY3QSLD/fFrQs1+5YMd8P9xGE3i+6IiUlgM"
    "6evS9n1iPRMHd3v0QR5qJJ2V7IEiYom67fSm5ATd1YM/u5Q/aeVgFz14NiPIsm9uiEdcJm"
    "T8KQpcccySqBsVzb2/+Mih5l1rH2paDcbiTePK8lnPqvAjGJLSlLcyczaWAI8reFyHuXDp"
    "7HGFwk9Q+Gk8KdRQ+OmJeeCg8NNW5w8Ufnpa0wcKP+m2qasY9lLhp4yxpbCxy0tp6Mvafr"
    "xXZLoqTq1USsNpNd5pVNaeUHUKXJNDhB9ck+Ca1OVjBdckuCbHAzG4Jp+ia/I9sWx86vuk"
    "0jOZuTttckwuRTsDJw3X+iXlnLLQ/JERf4o4gIy47K98/8o1qE+s10h49W5sJ8yPtKTf02"
    "RxQ3QgnH935BFZxLPv06NfCPIXeHZ88mwqO/D45rcwkLt78mdXdJAoLoRdK+7lObpeORRb"
    "/AXkfXkvKlzmIxl8jBbEI98Lb6eJXbTyyL1NHsKG6Uk+0YnZ9SfS5JaZ8AWhbhL4Jkeyco"
    "2UxmrlmwznYmnEG3yTiYSG9BVUTBpXZkG0joVAKcBclNMQ7+1/ynCyO5zsPlw8fftLhQo4"
    "s29rAY0ldILzf2azly+/m714efLq+Oi7745fvUhwLd9qAvjs/J3AOKccyqADTQc03RCJjq"
    "4VqLLefWkgV2gWhTLRoZWtEd45JRATBt0wal8RfiTkW1lRdgNIzFudPqE+2cTLgM3pH+/D"
    "umWTCkIx32DaxClS2dRYZtputb440GBAg41iJmtMg0WTW6lER1YGDp7rUIfDJ64VR7yqRC"
    "GX5CAW+arKjNiPQ+9j6Cq6wv5d1QKcvd24/EYuJ4PFLdf69KL0vhX/PEQSXyafz6TLlbAC"
    "rCiz7/vQR0Zkap4sjipUs3S4iUS/A+FOE89Fd8RzifMXH5kOtpfPyrVWd/TM9c41E5uLsD"
    "5N0b9WaCj+EeYJ5i7H3nRIFYR9yEDXJ433IZAqCKmCA99eQKrgE47Wh1TBrc4fSBV8WtMH"
    "UgV129RVDHuJ++ejWJXi1BSd4nRIcdpoZCd9WUeFUpet6hsfNtQ3PizXN672/Ddsmav9/u"
    "NH97hd8eiG2tGl+KqETVD5fLNCGkZWHb6YtYmtEs0aPuNZKb5q5VGhdVR2V1kR2F4Vt1fR"
    "aX2Kn29eqqcsU80qPMuk3KyLVCmbNysIWb3qWb2bG+B7ML0HMxLD3kWWjQeu6++JG8d2tf"
    "VS5qU6+SnHM7a9uCn3nOY9tD3RdvK8o6OLuWU7f1Q+i7ckCln0eXSjyDxFYPNS8MlWxDxv"
    "EO4McNbDCSHkEEK+Y3B7qPSQXZC2APK1T8Zr+6yFt2L1rqlHUFQWW/p+Nf90B10+Y6zANt"
    "TPqMT2Ps1p6Iht++yIsWKb33UO6ch4/l3PyaQyhlHcmDZHL8ZNIGcAYvXKrhKI1ZsMkZCD"
    "WD2I1Ws5ecbiDINYvSfmL4BYva3OH4jVe1rTB2L1dNvUtYnVqw1hqN/VdQ1eGNzo5gv6t4"
    "rYmzVE7M3KEXuSoFqqLE0ZCViaiktTlG1YQzw3nK5ekNMh9mYH8aZhgFgZ6Poop1RCB4h3"
    "Hd4EHkLwEA6Rse5aZKpnzlr6YqpZ69hN08hbJ422ylwX0s1d6i2xY3/ha1DgOety1m3XMD"
    "HDDr0V/8qTp3wMIGcdePCB6pSRmkyteHAaeFwHiumrsCXKS8G2SH1bVFCdCvv+sqQO+Bft"
    "1qNXrQzXo1cNlqu4mUed2cxRogcSAQ3TzdrlmzUlnJWMq+ybKaiTgpgGWO9ancw97Fbsku"
    "o/7ERAR+XRA+m18uwq06qJnrErTSwNAN6+t9gMPI+4plqiakZGQ4zbQFyPcCnL+i5QwTZq"
    "rh+s2z9XAd9jm/9027GZ0udblNMP6x7UBHapa4tDmBXtlZKgDmjveo9hL1WLrKYSuy+xmq"
    "Fk5oHtMNv1n4vn7YOV6SmjkcPrPRoSZNUJUSkMk0J9UvCXxKuNWLO8JISTDCeuoIIlk2Nl"
    "bBA0WhTcoW3rkofdUAmHJ23ctMXxy3hpT0rb1RA29SDSsiAEHJTOWgox6hpS2tANRJYOX5"
    "fJ2i1KnH9BDnYL6rsFCEus13Lj9LG1CUvMO77zo35GKdegbo39lBMsDPqcS/Y1zsmV3c65"
    "s8vLi9yYnp0XJ9X1+7O3fDMhB5M3ssN4DTjbDsKOBgHuDs+2Mxk2bPeGdjyY7A3D57yX0a"
    "7dzSe3CZACz+mO0U90fu210bdjREnwYnxvwZVpVVi3ClIXsqdz3pHGUPFODN+hXc9MvAi7"
    "+sR70hSs7Ok/HcEqnDikyepQVW9iZydxjgakPkNtPzG+Szk1TRq4lfG2ufvTpqBbX7Q0cK"
    "Zpn0UjigdHpSGYEEcLcbQDneEjtfHbxNHK/5fGuyGKM2qvYdJhL2lb4ov/Ql3F4M1URkOc"
    "tx/LsgrmfH/LFxzjzlYLJyxLagj49v1cKWyq/vuiILDx6mx8CqJP+NpbsV63+eBTWR3GoB"
    "BKe9zmk+et6kNpj8sfvTDlaOBvgnpZFEDfBHSD2yh2hcZp3qDWdgLRK8NxP5X3piHBvIlF"
    "kpeEUR7yKC9tWQyihphsqIBSkIONW4uNm6TKjRVf/i1cEfZdG59UktsoPGlgs2jbAUrEFb"
    "+zwv5odJZnpMBTruAp9wKHGNg1F2rHHBbENNyGtdqFNWzCSkoDon/qoR8nM9gm+gciUSAS"
    "ZQhutGlvkShh+EA3t6VS4MBYIM/H3e46YmA0KPXp372yzbsLat5NKny7yb1pk1+X8VaGEz"
    "fby0EA+3UurXfbjs7lUe+9FQMtKqtsQo8VZTXcp413X1YmTBbUsYiSzZNK6EiSzNqU3OGt"
    "6mmSWangjoN9ZniBu0nJ+rwokI9Dm0ulvXj9XrHPFf565VCcXy/zdxpX9yBts8NwrdhJXi"
    "6COEX1kV1TqJMI8V2DXlDGyeK0ie9SDYiBMBgFbwr17FvbxY6hauiUBDUoHVcMBjhuFQxw"
    "3BAMcFyqWeT7RPVc6awMUJGQbQgc7/7B7eEYZDnNt4Due2LZ+DTuTFN4szoxB+2HS3T65u"
    "r88kM7Al0OUzdquOWhyMM0gXdLCcujuavMxejI7gZjMW7RZ1F9ssR2uZY+GH1g9A1TWWps"
    "9IVTsTTg9fZIIqCh2Tc7buN84a0aLJFSxgmkTfWbNgWGCRgmQ9jQFXfO2ws+YfSOuB03z6"
    "cr+0p0oxHgOS0wx8xcVJXuVQHpTHSiK0KiTszvdL6VOjG6YrS3ah5gtKZlPSrs1kzFj3rT"
    "9T7TaJ31OjlFPgnRR5EcojcIo6gYHYrOl3uNbOajJTXvghWSlaQRdi30wO1a/pfHhJJHt5"
    "T4iJt+Nns+KcDb53Mq7ezMuXh8ebflzwVDGwztcShpjQ1tOJer39OLOHBq2T2JgH55Pb3Y"
    "2b79Ren7jdvrB+9xu2PlGk6VK+VabnLABRxs0bU4Bn8bZmC+5pRhrz/xJS+1+1Nf9jMA/Z"
    "zvEu9QS/DXZhdnRXZ37kGfqmXLmcWhVlDcyWdkOuznx6NOFOJeIoNKEdG8FFDLwNkDZ79/"
    "cHsIJsrwLR3x/Zj2pCm6eaW4Hlu5LG0BWaVArWEuYmuxzS7hXeK0bmT+V0fu+8ckiUwPsH"
    "NfZfKTjLrTIlWgehf3dh5/7JpM/irMeNdbcEG9SzoDT9QTrivfpytKhppW+KHiENR6J9RD"
    "3KKFB2plE5NId1Dk4GEUrQImXDzRUulP0Y1Hlwi7KMziQ9QT/wg9RNc/X1Q5nLbVbZcK7V"
    "PI4wNP05DVisaeJgg47NfT5NPAM5XZ+rwU0PXqdD2k9G2ZhYs/SbkFUAS2ShaoY2A5geXc"
    "O7iQMrlfeNukTNaq4S2AnNaEGaXSXYtv1dKTw5m/CPpwfXHRjvEEpmXfTEuob2volkQZN3"
    "MuabO9lC8EPgP4DOAzdOQzBlQadGthnaW9dJt1EjKsIMOqO0a79S+PEiJwMKtjZltkuaKM"
    "uOajcUceO2J2nvbGzS5dMQtr2hvyvJ5ueOlf2d4Jy9LXHT0FFe5zaC0FzWNIHqQjWFoSRh"
    "Do0QEtOu+6In4UfWgMkIzw6AyRZrGoecaVUY8Y2DRp4HaF6pPo6zTsSle8Qqq1I1Ctaelx"
    "QuR3tmri4nw6whPVPuiIUKYMhI4g7a5G5mjg6dP1cEo82xS8WsnvEN2ZNjkdcNpmMB6H+j"
    "NZqxwOFfmSEbc5XD50K8mS9Q6Ge67EK/NR69nmjIiOAXS91Gbnk0oB4ai5huj2UqeBP5ER"
    "t8JDVp/SnhGBfHbFfHYFX8r2F7Nv/w+0FOSv"
)
