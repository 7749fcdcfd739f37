from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "product" ADD "sku" VARCHAR(64);
        ALTER TABLE "product" ADD "availability" VARCHAR(32);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "product" DROP COLUMN "sku";
        ALTER TABLE "product" DROP COLUMN "availability";"""


MODELS_STATE = (
    "eJztXX1zmzYY/yoc/yy9y3KNG2e93m53Xppu2dKk1zpbr70dJ4PsaMaCgWjitfnuk2Rehc"
    "BgG2yY/mkdSQ+In6TnTT/BV33hWND2T0YuGjtziPVX2lcdgwWkP3J1x5oOXDepYQUETGze"
    "GLjIIHGziU88YBJaMQW2D2mRBX3TQy5BDrsJDmybFTombYjwLCkKMPongPRSM0juoUcrPv"
    "9FixG24CP0oz/duTFF0LYy/UUWuzcvN8jS5WV3d1ev3/CW7HYTw3TsYIGT1u6S3Ds4bh4E"
    "yDphMqxuBjH0AIFW6jFYL8NHjopWPaYFxAtg3FUrKbDgFAQ2A0P/cRpgk2Gg8Tuxf85+Cr"
    "uWamYYN7dj48Pl2DD0GtiZDma4I0wYUF+fVtdNAOGlOrvBxa+j90cvzp9xCByfzDxeyeHS"
    "n7ggIGAlykFPUDY9yDAxAMmj/ZrWELSAcsSzkgLyVih6Ev3YZASigmQIkukXgRvB1wDgOn"
    "1A6xbby3DsSwZgfPX28sN49PYdu93C9/+xOX6j8SWrGfDSpVB6tBovh66s1ZqLL6L9eTX+"
    "VWN/ap9uby7FUY3bjT/prE8gII6BnQcDWKlpGpVGqNGWyajzpW3cA/8+P+oX98CTj3hWSh"
    "hxilwzq6zJEV6AR8OGeEbu6Z/nZyUj/MfoPV9l52fCqN2ENQNe9ZSBmT41tOsgHAvsBtwq"
    "C0hvSl9lwT19/rwCurRVIby8TsTXJ0bgb6S+RNkdKLBw6h6K/uqIvoowKVVYdKA8o55HkB"
    "LZpVtwuIO6xgtgjtZ0LnUCGFR5aN84HkQz/DtccoCvaD8ANqEE0NC1vAsv001Ik9JkKXvg"
    "IfZM0xOKPjt9YkhW6nz04WL0+lLnCE+AOX8AnmVkoGY1zsARSuK2+arFYCGWAAxmHBz2FK"
    "zPIeoXBFzhqaNLfP2oqtTVN6lniKJW6zx9/R01/1AbvNIcDLUvwEMAk+98jTuD6AvUjlyI"
    "LYr2N9pde/kv+xVOB/rTQAv6DOkCP5jNoM8u/s2iV/w2BciG1rMTXRi5Nu8riVk+6387Ey"
    "PwuG0O727w6ar/peIZFc90Qs/1OJ6hlokEfh1PO5FoytXeXyDzYlDB1X4xKPS0WVXW0QaE"
    "wIUrWVJXmMjxTUkIADMD29Died4UvDPWg+8Hp2c/nL18cX72kjbhvYxLfihB/OpmLMYtkB"
    "ozAz66iC6BTWIXiXwr8Uubc7oj6qla+OJaG1qlrKSySgc87GHvU6PuSZI/Y/hYoDLD5u2l"
    "fva0eC8/jjMDGBmeo7ejj88yg3h9e/NL1DxlqC6ub38WNGrWJ69upnJy7RmrJtfUju1VEi"
    "3lof3tw+1NgYuVkRJVFzKJ9k2zkV8F4O5k1hgc5bNbnMiC3mEXEGe3B4m3pMgGuI4LJkgp"
    "N0yc1tDzHM9YQN8HM1hHU+cEN9LZ3ZnUjahsllGplxNJJFRCVwIm9R82ADSRUqAKoLqeYw"
    "UmqQlqVmoLULujHzbfeaAzcAcbDxcE/La6UDfn6dqth0TzyXceJKpgZ7Dera7VY2QTFbge"
    "3XB17wDdd8mVOqkI1kKbVYQZaGkXtJu76+s97pkxhSHfMgtVSfmOWai4FDVObSWpraSuJO"
    "2qbCXx/3PjXbyRFLXvRdouu480qMTZGpRwtgZ5zhbCbiBZUMVppFhgqwzSoSHddgpJEah2"
    "Gho+ON7cd4EJa2Iqyilgy+PDGK8dONx/pq/VTXDX+tzi/Fof0CjuX8Pcv7TpmzoSksrPod"
    "ib399DGxTsl+QZfT1BWtwx3R6g3uUsnpoPhRlghdFwiObagDhKO1VlkZ6+0mgpcCEndVrU"
    "kUM0ZtTu3l9rzlQDGr2kdrQiamkRvZMLxD+gtY4xuvN7FLFDWR12vAWw0b809GNQKGqoiu"
    "e7oXl6HM8raqiihurd4SQoaqiihipqaKetkqKGHhTPSHDKazgCecleDICY5D97WSnLf/ay"
    "JM3PKiXkujpzPBZQZDpFplO8rx5gqnhfbfK+FDOpLWaSyujvL119G5CJ8/g2pN5LUtbZBs"
    "dlaWuHN03z+BWdS6V/Vfq3K4F2lfRvuLglSrqYcZSWUaSjLUhHPsRs1fB0r2QECjPEOTmV"
    "Jx7L/On9kKepeziRmt5VRanJdeMmytIqS6ssbY8srdpoVRutB25A1Uar2mhVG629sUpVNl"
    "oL3+5QbJa2fa/DwY1u84d6GO3cWNQJ8VISyjaJtolGSSadhFTlTJZ1Zq4o14ed1BZeI061"
    "DetyDujivepEog8Qt71ZrQ5PqcNTh7BRdbzR4am9Jd34nqw87RZt15Ym3uJGO029fc5OM3"
    "UEYt8K4Vhl5v5HMVClzJwTeFSp1eScZqWUn9NB5umB4d8O8ZQgYteK92OB3n10aVgpWhqW"
    "REvDfLSU7lkNdSKI9QDrttXJxANY4iUVT+xYoI/Ko4EslushWaxUlm9B0pipBwDvfv/KDD"
    "wPYrNWQist00OMq0BcjLAIsD8P6mAbNu8frLv/jiP4AhB9dGQjUmv6inL9w7oBNQGwg5EJ"
    "7LrxSk6wD2i37WPwD6XVIksmEu1TJVMpmUmAbIKwf8Lut4+sTCMESupgLIC3XH2/ru6CkA"
    "qrRVF/UYSvgdkga5aVVJ+YPRyigCRLxsfK2IDGJgq2GNti+NBOKuH0vMq+qzh+qW3X85y7"
    "uoKtPq0tL6gYBLkv9qww2pbkVnIZpcw6oMxqH8IX5ZS7UN9dUETDYjXXzU22KkRDRWpRpJ"
    "Y+klpSmZnwQ/GtHXg/TDtS/gZbBlK7b7HtCkpNsqPGyJxfO+Zcl9Cj4rrjMn4Uoa0MO2q2"
    "l8OJ+/3yxHoCVOcS+MU8KDbQjFuBCZKk1NYc/BFke+imddcty0dC945tyd5wX7yuEokeHv"
    "84HVQh3dBWxZmcQY5yYwOfGF6ANzlGlxVVWYVDW0sH8tIB/n0JiXWPvjtRbNmjD1w0SnuG"
    "C4AU23kPkWKZlVds52Kj0M1ETBW282op1rD3sUAPzf1gWMWXpq2KeXLDHB1GfSKv2fOIKp"
    "WoUomHkLI5biyVSJw5xFvmyEYuGrPL9AjwXCbxb2eyk0xinzBqMspIVrEk1Mgs8eJ4I6NV"
    "1GvOVHihwos+hRcqS79r17dGhklZxzoeBH/Z5pYIxe/07ClA7KUI20NU8XX5nQSJ5U+3RK"
    "hnHwdu1AUdQQ+Z9zL/M6wpdT5B0uZgPM9CIq/U8ZSQd0Mbd7h2cSfk3WJH8wtdgNLT1sVe"
    "R0qkh1m3wXBYKas5LMlqDnOH/OiiqoFw2LyH6DaS06R3JBBLIqXik2UpEfUW/pqHyPa6a/"
    "v0HxundMY="
)
