from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "cta_info" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "cta_job_url" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "probe" ADD "retries" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "cta_info" DROP COLUMN "retries";
        ALTER TABLE "cta_job_url" DROP COLUMN "retries";
        ALTER TABLE "probe" DROP COLUMN "retries";"""


MODELS_STATE = (
    "eJztXe1zmzYY/1c4viy9y3KNa2e93m53Xppu2dKk1zpbr70dJ4PsaMGCgWjitfnfJ8m8Co"
    "HBNtgwfWkdSQ+In/S8P4Kv+sKxoO2fjF00ce4h1l9pX3UMFpD+yPUdazpw3aSHNRAwtflg"
    "4CKDxMOmPvGASWjHDNg+pE0W9E0PuQQ57CY4sG3W6Jh0IMLzpCnA6J8A0kvNIbmDHu34/B"
    "dtRtiCj9CP/nTvjRmCtpWZL7LYvXm7QZYub7u9vXz9ho9kt5sapmMHC5yMdpfkzsHx8CBA"
    "1gmjYX1ziKEHCLRSj8FmGT5y1LSaMW0gXgDjqVpJgwVnILAZGPqPswCbDAON34n9M/wpnF"
    "pqmGFc30yMDxcTw9BrYGc6mOGOMGFAfX1aXTcBhLfq7Abnv47fH704e8YhcHwy93gnh0t/"
    "4oSAgBUpBz1B2fQgw8QAJI/2a9pD0ALKEc9SCshbIelJ9GOTFYgakiVItl8EbgRfA4Dr9A"
    "GtG2wvw7UvWYDJ5duLD5Px23fsdgvf/8fm+I0nF6xnwFuXQuvRar0cylkrnosvov15OflV"
    "Y39qn26uL8RVjcdNPulsTiAgjoGdBwNYqW0atUao0ZHJqnPWNu6Af5df9fM74MlXPEslrD"
    "hFrhkua3KFF+DRsCGekzv659mwZIX/GL/nXHY2FFbtOuwZ8K6nDMz0qaFdB+GYYDfgVmEg"
    "vSl5lQX39PnzCujSUYXw8j4RX58Ygb+R+BJpdyDAwq17KPKrI/IqwqRUYNGF8ox6FkGKZJ"
    "dmweEu6horgBlas3upEcCgykP7xvEgmuPf4ZIDfEnnAbAJJYCGpuVteJluQpq0JqzsgYfY"
    "Mk1vKPrs9IkhWYnz8Yfz8esLnSM8Beb9A/AsIwM163EGjtASj813LQYLsQVgMOfgsKdgcw"
    "5RPyfgEs8cXWLrR12lpr5JLUMUjVpn6evvqPqH2uCV5mCofQEeAph852vcGERfoHbkQmxR"
    "tL/R6drLf9mvcDvQnwZa0GdIN/jBfA59dvFvFr3itxlANrSenejCyrV5X4nP8ln/25kagc"
    "d1c3h3g29X/S/lzyh/phNyrsf+DNVMJPDrWNoJRVOm9v4cmReDCqb2i0Ghpc26soY2IAQu"
    "XAlLXWIixzdFIQDMFGxDzPO8KXjnbAbfD06HPwxfvjgbvqRD+Czjlh9KEL+8noh+C6TKzI"
    "CPLqIssInvIqFvxX9pc093RDxVcl88SJ8VSgRUIf+kKBT/iPwTuNaGSj5LqZT8AXNROPvU"
    "qnuSWNoEPhZwUDi8vUjanmThxcdJZgEjPX70dvzxWWYRr26uf4mGp/T++dXNzwKDZV2c6l"
    "IrR9ee7GqSp3YsvhLnMw/tbx9urgss1gyVKLqQSbRvmo38KgB3J1DJ4Cjf3eJGFuQOu4C4"
    "u5luXVJkA1zHohWolFYWtzX0PMczFtD3wRzWkdQ5wo1kdnc2dSMimwWo6oWYEgoVH5eASe"
    "2HDQBNqBSoAqiu51iBSWqCmqXaAtTuyIfNEzl0B+4gj3NOwG+rC3Vzn67N5CSST57IkYiC"
    "ncF6u7pWj5FNROB6dEPu3gG675IrdVIQrIU2Kwgz0NIpaNe3V1d7TEEygSHPQIaipDwBGQ"
    "ouVWmoMnMqM9eVoF2VzBz/P7fexXm5aHwvwnbZtNygUgncoKQEbpAvgUPYDSQMVRxGigm2"
    "iiAdGtJth5BUPdpOXcMHx7v3XWDCmpiKdArYcv8wxmsHBvef6Wt1E9y1Nre4v9Y7NKqUsu"
    "FSyrTqmzmSlPrPIdmb399DGxTkS/IFkj1BWsyYbg9Q72IWT827wgywQm84RHOtQxyFnaoW"
    "5Z6+0mgrcCGvkbWoIYeoz6jdvr/SnJkGNHpJ7WhV96ZF1bKcIP4BrXUFuDu/R1GxLevDjr"
    "cANvqXun4MClVpq/z5bkieHvvzqtJWVdrq3alJUJW2qtJWVdpuzj+q0rZvSl5V2h5U2Zbg"
    "49Swq/KUvVgAMWcyfFkpaTJ8WZI1YZ2SWsU6ezwmULWJqjZRldH1AFNVRtdmGZ0q9Gqr0E"
    "slSPYX/b8JyNR5fBueZJBkALIDjsuyAA4fmj4WoarjVDRdRdO74mhXiaaHzC0R0sUFXGka"
    "VcO1RQ2XDzHjGh49rxMwzNGpsOFEZk/vpxadmodTqepddZSqXDceojSt0rRK0/ZI06q8tc"
    "pbH7gCVXlrlbeuwT8qb13CPypv3TclXyVvXfjukWItv+1bRw5udZs/csYORRiLOqIqRaFE"
    "lSiqqNNp0k1IRc50WWfninR9SEy38M0AKm3YlHNAF6f+E4o+QNx27l8d7VNH+w4h73e80d"
    "G+vcUweYpbHsWMst+lccx40E4jmZ+z20wd0Nm3QDhWgc7/kQ9UKdDpBB4VajVLeLNUys7p"
    "YCHvgeHfTh0vQcSu5e/HBL37wtqokrc0KvGWRnlvKT2zGuJEIOsB1m2Lk6kHsMRKKt7YMU"
    "EfhUcDUSzXQzJfqSzegqQ+Uw8A3n060Aw8D2KzVkArTdNDjKtAXIxwDmCAHYxMYNe19HKE"
    "fYC6benMvydXq2ovoWi/Zi/lzE4DZBOE/RN2v334s41U8lHRvADecvWZv7oMISVWTFGfKc"
    "LXu2wQb8hSqi/xHk6KVRJf4GtlbFBPJRK26BVg+NCOE3Z6ViVjJa5fKmF1Jir6ELb69VV5"
    "QpV7zX2JZ4XRttVWJZdRwqwDwqz2aXCRTpkL9c0FVaJVLOa6mZ6oUqKlygFUOUAfywFSkR"
    "kCjFZPXh+mHil/My0Dqd2303YFpSbrSibIvL9yzHtdUlgS9x2XVZYQOsqwo2F7OSW33y9K"
    "rC8daS2ifDas4GueDQt9TdZVXkHCFpplpTFBkpDamhMoAm0PzbTummV5T+jOsS3Zm+uL+S"
    "qh6GHh/OmgSrkCHVUcyRnkihVs4BPDC/Am57mypCqqcGi8dCCn3/l3IyTaPfqeRLFmjz5c"
    "0WjBKFwApOpE9+Aplml5VSdarBS6GYipUie6YsUa+j4m6KG6H4yq2NJ0VHGF0Wgoqnv16b"
    "tmT3KpUKIKJR5CyOa4sVAice4h3jJGNnbRhF2mR4DnIol/O9OdRBL7hFGTXkbCxRJXI8Pi"
    "xf5GRqqo920p90K5F31yL1SUftemb40Ik9KOdSwI/tbHLRGKXy7ZU4DYcfLtIar43vZOgs"
    "Tip1si1LOP/jZqgo6hh8w7mf0Z9pQanyAZczCWZ2Ehr9TwlBTvhjrucPXiTop3iw3NL5QB"
    "pedUi62OFEkPo26D0ahSVHNUEtUc5V70SZmqBsLh8B6i20hMk96RQCzxlIpPlqVI1Ovgax"
    "4i22vW9uk/WHrMoA=="
)
