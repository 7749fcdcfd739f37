from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE INDEX IF NOT EXISTS "idx_cta_info_job_id_65ea1d" ON "cta_info" ("job_id", "status");
        CREATE INDEX IF NOT EXISTS "idx_cta_job_workspa_982b85" ON "cta_job" ("workspace_id", "created_at");
        CREATE INDEX IF NOT EXISTS "idx_upload_workspa_070916" ON "upload" ("workspace_id", "created_at");
        CREATE INDEX IF NOT EXISTS "idx_work_workspa_0978dd" ON "work" ("workspace_id", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_work_workspa_0978dd";
        DROP INDEX IF EXISTS "idx_upload_workspa_070916";
        DROP INDEX IF EXISTS "idx_cta_job_workspa_982b85";
        DROP INDEX IF EXISTS "idx_cta_info_job_id_65ea1d";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfblkxs3E8kvS3M3NyI7TunXsTCK3nfY6HEiEZFQUyZKgHafJfz8AJE"
    "USBCnSIikSgy+JRWD58gBY7C4eLP4ZrR0TWf6LiYunzgrZozfgn5EN14j+kSs7ACPoukkJ"
    "u0DgzOKVoYsNsqk284kH54QWLKDlI3rJRP7cwy7BDnuIHVgWu+jMaUVsL5NLgY3/DhC91R"
    "KRO+TRgj/+pJexbaLPyI9/uitjgZFlZt4Xm+zZ/LpBHl1+7fb28u07XpM9bmbMHStY20lt"
    "95HcOfamehBg8wWTYWVLZCMPEmSmPoO9ZfTJ8aXwjekF4gVo86pmcsFECxhYDIzRfxaBPW"
    "cYAP4k9s/xf6NXS1UzjOubqfHpYmoYoxrYzR2b4Y5twoD651t43wQQfnXEHnD+4+Tjs6PT"
    "5xwCxydLjxdyuEbfuCAkMBTloCcozz3EMDEgyaP9lpYQvEZyxLOSAvJmJPoi/uMpLRBfSJ"
    "og6X4xuDF8LQA+oh9o3tjWY9T2JQ0wvXx/8Wk6ef+BPW7t+39bHL/J9IKVjPnVR+Hqs7C9"
    "HDqywjG3uQn49XL6I2A/we831xdiq27qTX8fsXeCAXEM23kwoJnqpvHVGDVaM2l1PrSNO+"
    "jf5Vv9/A568hbPSgktTpFrZ5S12cJr+NmwkL0kd/Tn6XFJC/8y+chH2emx0GrXUcmYF33L"
    "wEy/Gll1EN4INANulQE0aktfZcE9fPmyArq0ViG8vEzE1ydG4D9JfYmyDSiwqOv2RX8NRF"
    "/FmJQqLNpQnlHPIkiJNGkW9LdRt1gBzNBarKRGAIMqD+07x0N4af+MHjnAl/Q9oD1HEkAj"
    "0/I2us0wIU2uJkPZgw8byzTdoei30y9GJFTnk0/nk7cXI47wDM5XD9AzjQzUrMQZO8KVTd"
    "180Xq8Fq9AGy45OOwr2DtHqJ8TeGkvnJHE1o+LSk39ObUMcVxrm6U/+kCnfwTGb4BjI3AP"
    "PQxt8i8fcGMQ3yPwzEW2SdH+Sl/XevzC/oq6A/3TwGv6DekLfrBcIp/d/KtJ7/h1AbGFzO"
    "cvRkLLdflcic/yx+gvZ2YEHp+bo6cbvLuO/hT8GV6VVaOjhQR+WK4dHO3g9E/xKezgRIOv"
    "humdSLRle+/PszkaV7C9j8aFpjcrylrekBC0diVD6tImcnxTEgLAbMZtafC8bAveJXuD78"
    "aHx6+OXx+dHr+mVfhbbq68KkH88noqOjKIzm4G+uxiOgSe4sxI5DtxaLrs0wNRT5X8GQ/R"
    "b0USBVU4flISevyI4ydwzSdO8llJPcn3eBRFb59qdU8SXJuizwUjKKreXWhtT7rw4rdppg"
    "HjefzZ+8lvzzONeHVz/UNcPTXvn1/dnAkDLOvzVNdaObnudFebY6ph9ZV4o3lof/p0c11g"
    "sWakRNWF5wR8BRb2qwA8nMglg6O8d4sdWdA77AZi72Zz6yNFNrDrWLSClJ6VxW6NPM/xjD"
    "XyfbhEdTR1TvBJOns4nboVlc0iVvVCTImEDphLwKT2wxMATaQ0qAKorueYwZzUBDUrtQOo"
    "w9EPT1/ZiWLROy7snBP4U3ijYfbTrUs7ieaTr+xIVEFjsN6G91IY2UQFbkc3Gt0NoPshud"
    "MgFcFWaLOKMAMtfQVwfXt1tcc1SaYw5EuSkSopX5GMFFer1MM/Rg+Ot/JdGHaj1HqPXrTT"
    "i3Y9VbwDjedVWbTj/+fau3jJLq6vREQvu2I3rkSXG5fQ5cZ5uhy23UAyoIojTBuBnYJLfU"
    "O66+iS5q416jVu5uyamIpyGthy1zFjG+1oi/+avtcwwd1qjov9a7uvo2mXLdMu01PfwpGs"
    "tp9FYu9+/ogsWLCUkidTKoK0uJi6O0DKhTO+te8lM8AKHeUIza2+chyRqkrgPXwD6FXoIs"
    "6nNakhh6nPCG4/XgFnASCgtwTPQkociJm1XGDzBzK3kXUbf0YRMZeV2Y63hhb+Ql0/BoXI"
    "ytX+vPbn+6l5FPbnNQlXk3BHw6EraBKuJuFqEu7Tx48m4ao2yWsSbq8YXYKPU8Ouyksq0Q"
    "Dimsnx60qLJsevS1ZNWKGExlinj28ENG1R0xY1w04BTDXDrkuGneaAdcUB0wsk+4v+X5po"
    "7ToE2fNH2qFHkiUAocZB2ToATuoaq6hyo9w5gSznuDyVRtgf2AN1xF1H3Icx2gfqjFeJuG"
    "dGZVXnMCOkoF/YfF6/SMFWBTiqriC045OTKh73yUmxw83KxN2Y9Et9Ujs9pSinIN7Nd2Wq"
    "e+j71nQQM0La6dYERU1Q3D+4DREU97Nh6D0yMZz4PiIjiSOUKj0oc4LWrJ4BNxW3kqE+Ed"
    "pRTDB7JMg/ABRB6kCR76i9RTuhj8ww2+ACWwhQGymhMEUVwTNMfEBnd2AiD98jHyw8Zw2o"
    "xwT8Ozg+OX1+wG/gUWtNaMnunvw/m91g0/YA2mZ8lxfg1rUcaNIX4OW8LMrY4QPXoV0JUO"
    "8P/Rv4DphDG7geusfoIawYZ1Ok3Q5YdLR4xRytzEgNX1D7i9pfHIh+VdhfjMZiDSM7kdDm"
    "tfYUq0N7cliF/kZrFYLLy7LoRvNYCFQNmEU5BfFuvis/YJNI/PFCrtSmvk75JSFL3VH/5K"
    "4OdTMR0HjKUqjhLxIVcIaXhYDGEirB+f14fHT0avzy6PT1yfGrVyevX25wzReVAXx2+QPD"
    "OKMc8qDrSIeOdKgY6UhzWrmDvNvCeOhlK4R3RgnEAYPdMPolvEsFkAbC1Mgryt0AYuNWpS"
    "7UZjTxJiAz5/P7KH+kJKCYrXBQFlN0eNV0Mkp9HKIOg+kwmEphsGhwSzR0cW6ctIxOj7ND"
    "ehwf2WzU8I2JdfZi5eT0jqypzI3Yz4LeB8+ZSafesKB0ynU3VfRMq2daPdMqNNPqlAA6JU"
    "DPJ1CdEkCnBKgxfnRKgJLxo1MCqDbJS0ZRLtpZeOJL8Sy/61kvvWvd9rP5spiysa6jqlIS"
    "WlWJqoo6nXNOvTRmtSg7opwKe/6zvfewUu89LOm9h/neG24hyANdnFUhkVAB4q7TKuiler"
    "1U34d1v4MBbUqIswfIo5hxYoHSOOamUpt7sbfkPhVqY9uYQwItZ8l+6UNPdES0/9pkoM5S"
    "pYioE3hU+9VMo5aV0gbRAJOp9Qz/bnKpEUysWoGBjUB3YYFRW9OGsCOiklt1UuJWneTdqv"
    "Sb1VAngpgCWHetTmYetCVWUnHH3gioqDxaCHe5HpY5VWWBGSx1rhQAuPl1w3ngeSx3VB2A"
    "0zIKYlwF4mKERYD9VVAH26i6erA2vy8N3kNMPx1bmNTqvqKceli3oCag7dh4Dq26/kpOUA"
    "W0u7Yx8LouSTWR6J6imgrJzAJsEWz7L9jz9hGVaYW4Sg2MNfQeDQ5y3QEhFdaDov6giA6K"
    "ekLULCvZCS2nNy3RoyBZJV5O2FbGE+iDomCHvq2NHroJJRyeVlmgFdsvtT57mjNXQ9jq0w"
    "nzgppqkNurHmK0K7mw5DZamQ1AmdU+V0KU0+ZCfXNBMxKL1dwwF9mqMBKza97ZVj9zHKpC"
    "7QIHKiMoNPqMSrbVzpsr3Y65s5ubq0ybnl2Kg+r2/dkFtSZ4Y9JKOKRq6OQgmnHUC3A7TA"
    "7Czl7u9NyMfs7d5akvGEjdni0+RJS6TqIylMHbapqQKZ6vrpz5aiQh+G3KDsoYfoTWMqy4"
    "2l52K/P/c72mhL0S1W8mDrKdmTe4laVigh5raEb6sQmWxHq37AQUZBX0H4brL+Rd9DvHMp"
    "HEOS8eV4mEghuYDsdV2GC0VnGIcZzjglnQJ4YX2E/ZV5sV1eGuvo2lnmQhiTLvSeb3JCdf"
    "8eweJHXanNoFfv4Kh7ywNDP/AAiVNG1f0/YHMIkMM6JYhbYfj9Kq5kFcX0XjoPHVR8fDS2"
    "xDy6jr3OQEFWAyd3DiGj8xp2aYNi2jQ7Q69q1j3/sHt6HYd041NIBu9ggvReFN68QMtNc3"
    "YHI+vby5rraw0F266H66vd2GgW997pblXUQ/jOeUOIhxjTZ3d6M1xPlN3drp005fP5Wlwk"
    "5fOBRzDV7sj2wEFHT7xidVFlxorRJPJLeZZ7+rWb3Ct5W0S9ox0Y5JHww60XJujpRDnBWy"
    "dzSeJy6estsoBHiOk/OXM2uEk6MSRm16GTE3R+JopGg7xb7GfarS1nOtJ8BHIfzxec7AWQ"
    "AIIi4riDJTvQHsGOm1M18FLuA70fjJzg/s0GcAPcJGJVg6yAfUVseEH/CcOcW6xedIHaNU"
    "Ri2qjzH/XO0Zac9oGHpHYc9I5/VpN/sJBU62V6jsiGNLnU1CHThG8vNjS/aVyk+PVQDek2"
    "ppqUqyUonYPmmDvN4Yv+NON5e+DTEgnXPysBdnjMhK6YPNdskPEVuoOfgLd0+nRVQ6l7qx"
    "rdOhVqhpyadkdrDnh6NOahAVIoeqJqJZKR0L1EFWHWTdP7gtsD9S8ZYd8U0lTFcU3axS3I"
    "4tn5YaQLYWs6afk9hWbNNTeH1iTZthXc6zkcR0Y/5NcUD3Ia5RIZrrYjRHPLQaBUuJA9yA"
    "sHBp1O38A7DwnDWANgi3LQDHYz/CaOvtxytZ8Lap29be46C3L+h4bf81v8LxWs2zaDdeq0"
    "912E/QS+9kaNiXjbskn/xrAiuT1QEYHSvQsYK9g6t3iuwX3io7RQrVcAMgJ9vfB6l0t+Ir"
    "m3oyONMXAde3V1f7jBuEOqQgeLBRMOURhKTaXrIPaR9d++jaR1fRR+9RZq/GCD81stJosn"
    "QdQjk20dp1CDsNylihxx2xukzuRi0aVTFbMzvX4IbgjngpaTGL65Az2ck3dVD6wO6hMEB8"
    "uWZniBRbpM2AFHoDO2JU2XMaJkQ+8nYFKNoUryI8Ok1vBZC6y14xGHjajCRMkIfndyNJGC"
    "EqOSiLIcCkTm8CCIX0WGn8QEKMjVyV/ro3jbBii+MF91SJS4nHxc5jSkTFNd5WsqbRQVUD"
    "4ai6gui2siGHPpF6gJKAV/HehZSI3rhQc+NCjdBI85PZt/8DADJAWA=="
)
