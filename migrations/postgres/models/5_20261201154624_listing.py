from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "store_account" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "publisher_kind" VARCHAR(16) NOT NULL,
    "publisher_url" TEXT,
    "publisher_secret" VARCHAR(256),
    "missed_slots" VARCHAR(16) NOT NULL,
    "items_per_day" INT,
    "enabled" BOOL NOT NULL,
    "rule_anchor" VARCHAR(26),
    "updated_at" TIMESTAMPTZ NOT NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_store_accou_workspa_5fb0ef" ON "store_account" ("workspace_id", "created_at");
        CREATE TABLE IF NOT EXISTS "listed_item" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "slot_id" UUID NOT NULL UNIQUE,
    "scheduled_local" VARCHAR(26) NOT NULL,
    "scheduled_at" TIMESTAMPTZ NOT NULL,
    "listed_at" TIMESTAMPTZ NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT NOT NULL,
    "bullet_points" JSONB NOT NULL,
    "image_key" VARCHAR(512) NOT NULL,
    "publisher_kind" VARCHAR(16) NOT NULL,
    "published_url" TEXT,
    "account_id" UUID NOT NULL REFERENCES "store_account" ("id") ON DELETE CASCADE,
    "product_id" UUID REFERENCES "product" ("id") ON DELETE SET NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_listed_item_account_4a88a0" ON "listed_item" ("account_id", "listed_at");
COMMENT ON TABLE "listed_item" IS 'The listed log: what a slot published. Unique per slot, so a redelivered message cannot list twice.';
        CREATE TABLE IF NOT EXISTS "listing_slot" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "local_time" VARCHAR(26) NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "error" TEXT,
    "account_id" UUID NOT NULL REFERENCES "store_account" ("id") ON DELETE CASCADE,
    "product_id" UUID REFERENCES "product" ("id") ON DELETE SET NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_listing_slo_status_d16dfc" ON "listing_slot" ("status");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_lease_e_7a1b67" ON "listing_slot" ("lease_expires_at");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_status_3cab20" ON "listing_slot" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_account_a32607" ON "listing_slot" ("account_id", "local_time");
COMMENT ON TABLE "listing_slot" IS 'One slot of a belt (status empty|scheduled|queued|processing|failed|missed): a row each, so two edits of';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "listing_slot";
        DROP TABLE IF EXISTS "listed_item";
        DROP TABLE IF EXISTS "store_account";"""


MODELS_STATE = (
    "eJztXWtz3Day/Suo+bJy1azXGkuOr3PrVkmO7VVWtlK2tNnaeIvBkJCGEYeYJTFS5Dj//Q"
    "Lg+zmE+BgS7i9+kGiScwA00H26G3/M1tQijv/0ZGNf0lvizl6hP2YuXhP+j8K9OZrhzSa5"
    "Iy4wvHRkY7yxDRY3W/rMwybjN66x4xN+ySK+6dkbZlPxEnfrOOIiNXlD271JLm1d+79bwh"
    "91Q9iKePzGL//hl23XIr8TP/rv5ta4toljZb7XtsS75XWDPWzktaursx/eypbidUvDpM52"
    "7SatNw9sRd24+XZrW0+FjLh3Q1ziYUas1M8QXxn+5OhS8MX8AvO2JP5UK7lgkWu8dQQYs/"
    "+93rqmwADJN4k/jv4v/LRUM8P4cHFpfHpzaRgzBexM6grcbZcJoP74M3huAoi8OhMveP33"
    "k48Hz188kRBQn9148qaEa/anFMQMB6IS9ARl0yMCEwOzIto/8DvMXpNyxLOSOeStUPRp9I"
    "/H9EB0IemCZPhF4Ebw9QD4jP9A68J1HsK+r+mAy7P3bz5dnrz/Sbxu7fv/dSR+J5dvxJ2F"
    "vPqQu3oQ9BflMyuYc/FD0M9nl39H4r/o3xcf3uR7NW53+e+Z+Ca8ZdRw6b2BrdQwja5GqP"
    "GWSa/LqW2ssL8q9vrrFfbKezwrletxjlw/s6zPHl7j3w2HuDdsxf/74qimh/958lHOshdH"
    "uV77EN5ZyFt/ZmDmv5o4KgjHAt2A22QCzfrSV1lwD589a4Aub1UJr7yXx9dnxtZ/lPrKy3"
    "agwMKhOxb9NRF9FWFSq7B4R3mG2o4gJdLltmC8nbpjFyA2Wte3pZsAAVUR2rfUI/aN+w/y"
    "IAE+49+BXZOUABpuLa/Cx0wT0uRqMpU9fB/vTNMDiv92/osJC9T5yafXJz+8mUmEl9i8vc"
    "eeZWSgFnfoguauxG2Lt9aLdf4KdvGNBEf8CvHNIeqnmJmrWclOP7hRu81fxk12bfFnP68w"
    "Q3wPj9bEM1fYZYgPB4938iuEkXjzXN71CWMcbB+RO+I9oN/oEvl8uSP+HGHXkk34xtGymY"
    "9shu6xj8J9JLq32erpLNdjA732s3vG72w8KuaML0X4a9iWN6Nrgq49ukZClj/XRwfYdSmT"
    "wibd8kH0ZI58ilwqXys+AN17NiM+f63tI4/ey5+12xT6ZXZPvVt/g4NJltpg/wesJLCSxq"
    "k9NbaS5N8Ku/eo/XCb98Fso0Wj7fuiZvu+KG7fI6VdxPjHTxcfyjFOy+Rnk20y9BU5ts8m"
    "iHcNvAKNzJSJUD14f/KvPOCvzy9O83NBPOA0B364HBaxP3NZpSqLJHLIiz3T9BDn38v/+u"
    "vi8Oi7o5fPXxy95E3kh8ZXvqvplLMPlzlEwUbpYA1O4Iz3QoqY5uUA2HrjL7PnbGkB/px+"
    "1jTB3WkG5sdXuS2YVwxgXvdoXidQX1PHIl7JqnYaCr79x0fiYPkbKoF+Kx8yWYdfAenMYB"
    "QmbDt43gWg8DY/0qVGA/LPPr00rxk+c6/prMRPE92a13lqTG6Z2lGrnc6an1bYJ2jxClGX"
    "oDvs2dhlfwl9HvYdQQcb4loco6/8c52HL+JfYSfyfxr2mv+G9AV/e3NDfPHwrxZ/4tdrbD"
    "vEelL01gz43hJ3yi9icBtbTzIo4dsNOcgCBwqwzuBPGb120tifErhUVTwqiURfPpX90c3P"
    "Fw08Ks8XlQ4VcStrMWHGyHpTMqUqTfqUxHAm/bO+4O3YnncIX8wM8vvG5lPgMQxzifwgLP"
    "OQY3oi6qkRyewR/luJikssJQHzp+AP21iPXOSzkrDIj3gWFezLcPud7e5L8nvFDAqba0GZ"
    "1PXim39d1rvw4048v/jwLmqe9+tnJ1jWxGmutQpy4M4vUV+J8anET2WkWjFU4/QuDUZQib"
    "X1wZARFoorckoKVuX8sCaeRz1jTXwf35S4/Ks1dUHwUTp7OoO6F5UtHFRqLqZEAoisEjD5"
    "/uERgCZSAGoO1I1Hra3JFEHNSrUAdTr64fGM628BbdKSDnzNsF78yzxHCCaabzfFmnL8dw"
    "LrVfAsjZFNVOBudMPZ3QG6PyVPmqQi2AltVhFmoOWfgD5cnZ/vK1A8VBjlDGSoSuoJyFBx"
    "QT4oMHPAzE3FaQeRzvuPdLbdzbZkQlW7kWIBiHFu4UKCiFyIyB0rsBCRCxG5I8e1k4hcEb"
    "TYMuA0FSCpCdJ5xrQ9QNr5LPqOxg0Bq7SGQzR3GsSR26lpUO7hK8Sv4g2RMbIW38jZ3GZE"
    "Vx/PEb1GWOYQH4TJx1G0rBSI/0GsXQG4nb+jKthW3HOpt8aO/YWbfgIKiLQFe34amkdjex"
    "4ibSHSdjadmASItIVIW4i0ffz8gUhb3RZ5iLQdVdhWzsZR2FcVJbXogDxncvSyEWly9LKG"
    "NRE3S2IVVcZ4LACxiRCbCGF0GmAKYXRDhtFBoNdQgV5AkOzP+x/Wdylx/SeVX6r9/tdJm5"
    "0u/xO0cbBJkKxs4SPsEXQtvOqieGlSHiN4IrJdflVWZEUHwV+iDmnYTFQ4fTJH1JO1TOVt"
    "LilrnFoFFmCY1352wycc/Bpc+HUei21dIfi4uqfhM8Q/0yVQ5+iXpF5t+MOhLiqwCyPVbB"
    "N1PEC0oBq10Cha8HlNtODzkrqosVbPbQkodQh2KwicWCgH85JL9YVzfGVYjXV6cXGemSun"
    "Z3n79ur96ZuPB4cSdt7IDnZmRdepXFEUrbS0DNhoFTnpSohmpQBTiLuEuMu9g9tD3GW8f2"
    "+Jbny0xSTVwU5g0wvMblBT9lJLWP+ZPElPYLPrTIugVkbWnRSZPeMP0khD5PkEqDS7L++W"
    "HFiVHq5o2O3ychl21HC3q8sN3E2BpynwKgUP+R4RbK7Cu5ihNV+UEeWKCG2IF3mhDoR/Ke"
    "g3lOCF1viWyCN7fFoS7TrQO0ujXxM3oHwJxL2CZ2oiWkljz1SktZSmWEYIbKR86qrQboqI"
    "pmUA0HqjM1lHWm7eG59aMFJYd27eM/N0t1kULMvtcX0XoXkWPVBTfNOzdkwHXOY6oGRTW+"
    "yi6o1t3HlGPEAUNrcY3cQ2Cd8oWrytOEASreh9dLCkuIoOft149I64Ymj9+uQpOknxrilW"
    "1sSuZYuthGBjver9ba+v/eyKoy25Lca3xNLzQPzGxG0NV5u6dUsegmsiZAc4W9gZj1RTar"
    "wzFlOw0N3VlG3YXEPG9viwSTYYb1XJ2Mp7OYbGtliJX7symyVuD5WXSzjZFd+grVSS6xIB"
    "wLMEz2RPUMS0ugRRVgrqELWoQ7SnyPpxkjTTDjCY0FCGCIPROXsgwqDvCIN9kOFTRbcJG5"
    "5bxrrzpzUmdce5ij027UYtNyTFwkK4wcA8enacVnsdk4G80+nImzauoTy7SI5QDao2Sd/c"
    "q8gTSDIZGe52vSSeaBe6+a49uuYtbD99DOuK+iR0KfpFNr3vF352P2VLTiUnvaaPd0UHFl"
    "3zTv5b6Iv8W1Cahj9g81DDx8ehZdEKAIQ8uB2nod40djtCISooRDWbTiEdKEQFhaigENXj"
    "5w8UotJtkS+ZRYVAb/44u/yczMpZlBYBzqZkJsGJEXthaqDi1JAVp+CI1150xx5zmiekPx"
    "ToMQgrBxp3rKDWsI1DZ9uOFFQN0m2niqwqwwjJEB0mQzRKZJbUTDtqUTlBYpy73mHZxTOL"
    "rDeUEdd84KN6VkIv5lrM6/hFO2lrhKG73R7SmivRRjchnSn+I6P7gWwDsm0SCnaifrgmZF"
    "tmVjbl2zJCGsb7vzhqwLm9OKrk3MStrOkCqRRR2ffj4wbY8lbVRd/FvbxPiP9Snxkr7JfY"
    "LtUw5+U0xLv7ocx1D/9eRSM8IwQ2OIRSQyj1/sHtKJR6Pxne57YvzMeKkkWpu/M6I8iR7R"
    "RKFl2uCAqEkENvXqH7FWYII9+hDG22S35rRayn6CqoECQKB4lbc+RT3soj/APsO8L/Rmvi"
    "+yJN28Suy2XFMxG7t01SDLIc6J1NcrexGXMoIXSYQXY2WG5j1XQaW25ijivuF1Iiw86yUW"
    "4UMmCaXIVuHT4VHGpipdO6SkQ1tCMWL5qYbfnpkLLaXhQqlse4qeutvKyGmmsimqpRxGSy"
    "VVDs54wgdPKoO5nZzFE64iEW0FBdHjc64+G45oyH4+IZD+kvK+BcHW6WE9MC7aGjzpb8Kw"
    "gzNlR+QAH86hDLguDwoZYpE2e5tR1mu/5T8b59WDm9BGAGRegUXewZIS3mxAA1iyJvg2fc"
    "8h+pAndRUkPMD5tskg+rN8mHhU1y7N4pP0O4WukXBCHWWF3rh94uRSs7KwU+eTjlFgikKQ"
    "ELBNIea/GkCIaW+H5iXOIkeZymEGdXGziueTzHNffNfvKf+MmhbFZBf0a357v4T97Q8KOW"
    "jUrMSOYxKPdCHIYOgvoLSNQIePga+2a/8s7e8r84jCbxfVGyJajW8nVt+z6xnoijhT16L4"
    "9dkWwlu6eIWKKyNL0usKBDvfizS/mbNg520b1nM4Is+/qaeMRlQsafo60rDoIRhW3CufcX"
    "HznUvG1MoiblKizeNKp9naZWBZFgSJ8mcKvArY50hdKZW4USNFCCZjrJu1CC5hvj2qAETa"
    "fzB0rQ6LbIl8yiQgma1C5bYaHPSmlIYnQf6RNaOYpTK5HScFpNdxoVFyOofwOc1BjhB04K"
    "OCldBitwUsBJTQdi4KS+RU7qPbFsfOL7pJSSSt2d1zFSa9HOwHHDnYSUnFMWWj4w4s8RB5"
    "ARl/2V71+5BvWJ9QoJOufadoLMOEsSXiaLGqIDwfrckgdkEc++Sw4lIMhf4cXxiydz+QCP"
    "b35zHTncmz+74gGx4kLYtaKnPEVXG4dii3+AvC/vhSWUfCTDTtGKeOR7QXOZ2EUbj9zZ5D"
    "5omJwxER7mWn1WQmaZCT4QKrgAVzWRlWuibqxGXFUwFws9XsNVxRIauq+gdsu0QsrDdSwA"
    "SgHmvJyGeHc/lOHMYThzeLx4+vaXEhVwat9UAhpJ6ATn/ywWz59/t3j2/MXL46Pvvjt++S"
    "zGtXirDuDTs3cC44xyKIIObjpw043R0dG29lCa3ZcGcolmUShYG1jZGuGdUQKRw6AdRs1r"
    "U0/E+VZUlO0AEvNWpyHUpzfxYsuW9Pf3QcWqWYlDMdtgXudTpLKpsU617bTSMbjBwA02iZ"
    "mssRssnNxKxRnSMnAEVosKDD5xxayRIdoqUakFOYhNvSwzI/ZD6P0UUEWX2L8tW4DTt2uX"
    "35ByMljUcien52cP/U4lcpl0vRFWgBWmdH0fcGRE5mTJsphCNUvCTWR4HQg6TbwX3RLPJY"
    "44YNzB9vpJscrmQO/cTa6Z2FwFlUny/FquofhPkDuWuRyx6ZA6BvuQka5PGu9DIHUMUsdG"
    "vr2A1LFvOFofUsc6nT+QOqbbIl8yiwq+YN6LZSkvddEKTouUl0f17Kyv3XKu5l2jSqeHNZ"
    "VOD4uVTsuZ4JotVDkPPH10j5uVka2pIluIt4mtS5XhmxbSMNLm8NmiSayNaFYzjBeFeBtu"
    "iguto7LapkVguc0vt+E5UorDNyulQ9bhAIF5MkszzZkppXemBXUAfOg0z8dbZHuwxUbTE+"
    "PeRhaNsT3nnY5tUe4m8TQ81ZGbVssH5WMKC6KQ1ptFN3s8e1Ngs1IwZEuCMB8RfwlwVsMJ"
    "Ma0Q0zowuD2knqcXpA5AvvLJdPfeO+EtWb0rEqTzyqKj8av50B11Pv9Uga1J6C/F9i4Jsm"
    "6JbfNw7alim911jun0Yj6ul2RWGlQlbszrw6miJhDEDMFDRV89BA/NxugQguAhCB5qOHmm"
    "wsZA8NA35q+G4KFO5w8ED+m2yDcJHqqkVKtX+bZk6uh6N1txulEI0aImhGhRDCGSDou1iq"
    "pKSYCqyquqMB2mwhFZc+5rTk6HWIABAuCCiJUi0NVRF4mEDhAPHW4BjBEwRmP0YLatgtKz"
    "D1P65su9mJHbvtaPGTfq1JOZy4d0qbfGjv0lPAt7R1Kl7RomZtihN+J/KWcapFOCR3Sk2m"
    "SixlIjjyjdelz7hYfYN90MZaVgQ6S+IcopTYUdf1FSB/zzFuvRy0Ym69HLGptV3Myizmzm"
    "KDkGYgENM1+apb7U5b4UzKr0lymok5yYBlgPrU6WHnZLdknVAzsW0FF59ODu2nh2mVFV55"
    "ixS40rDQDunjc0t55HXFMtZy4loyHGTSCuRriQ8Hm7VcE2bK4frN2X/MZ32OY/3XZspjR8"
    "83L6Yd2DmsAudW1xPqiivVIQ1AHtofcY9lq1/l8iMXz1v5RLZrm1HWa7/lPxvn14ZXqpCc"
    "g3GGvsPRgSZNUJUSoMk0J9UvCPxJtHec2ykpBHOp6IghIvmewr4xHhg3nBAW1bl9wP40o4"
    "bHKi9WH1idaHhROtQ9jUwwmLghBqUDgGJMCobXBhzWNAmU1AmSkfK56Xg+2C+nYBIhKr1d"
    "w0SbYmEYlZzjvb66eUchXqVhhQGcFcpy+5ZF/9HF8Zds6dXlycZ/r09Cw/qa7en77huwnZ"
    "mbyRHYRqwLlLEHE0CnAHPHfJZNiw3Wva8tCc1wyf8adMdu2uP1VIgLT1nPYY/UiXV14TfT"
    "tFlIRjjO8tuDIti+hWQepcPumMP0hjqPhDDN+hbc/zOg8e9Yk/SVOw0idTtAQrdxqGJqtD"
    "WemBwU6JmwxIfUbZfmJ8l3JimnTrlobaZu7P6+JtfdHSwKmmfdYPyB9qAoG0EEg7+hk+UR"
    "u/SSCt/LvQ3zVhnGF7DfMNe8nYEiP+C3UVozcTGQ1x7j6YZbNd8v0tX3CMW1stnrAoqSHg"
    "3RNdCWyqBH5eELzx6t74BESf8LW3ZL1uMuATWR36IBdLe9xkyPNW1bG0x4VBv7ZlwnKFBV"
    "2TpZ+TAw3TQMNIn46x4ePUwiUBipVMekHuUUT62AZ3x1Q6ccXvLFkoa1mdlBRQOgqUjrd1"
    "uH3tmiu1s4FyYhoq6UY6ukZFF5QG0NTV0E/ThG1CUwNlCpTpGPy9894o04DnGpDhmgrk2Q"
    "CxoamtyaDUJxFxaZu359QsPQo+vjevIyAYb2U4UbO9FC/erxd0N78wOd9cNc0gOlrUAHCZ"
    "XeI52lEYNCer4T5tuvuyIrewoo5FlGyeREJHJ8miSXEI3qraTbIolIZwsM8Mb+s+psxuVh"
    "Si38c2lwp78f0U9LraOBRn18vsndrVfZu0GTCuIGJzIL4A4gsmsE5M0znTJL5AlZAFGlaB"
    "JKGefWO72DFU7ZeCoAa1i/IM4HEjBvC4hgE8LhTN8H2iesRlWgY8jJDtAq7b/YPbw4mMcp"
    "p3gO57Ytn4JHqYpvCmdWIG2g8X6OT15dnFh2Z+cdlN7Ty+Dc9nHKdlO6ynV54SWmYFhqeH"
    "1tiAUYs+6zmTNbaLZZzB6AOjb5zKUmOjL5iKhQ6vtkdiAQ3NvsVxE06Ft6qxRAoRzxC232"
    "/YPhgmYJiMYUOX3zl3F1PC6C1xW26eTzb2pXiMRoBntMASM3NVVjtSBaRT8RBdERJ1Cn6j"
    "y07qFOiK0d6yycFoTdLKS+zWVMZ5tel6l2q0y3qdnSCfBOijUA7Ra4RRWAwJhUcbvUI289"
    "GamrfbDZKlTBF2LXTP7Vr+L48JJY9uKPERN/1s9nSWg7fP95Ta2akjmfjybsufC4Y2GNrT"
    "UNIaG9pwMEy/x2dw4NSSdmIB/dJ1erGzffuL0viN2usH73Gzc41qjjUqpFA+psI6VFZvm5"
    "zNv4YZmK85RdirjxzISg1/7MB+OqCfAwaiHWoB/sqk4bTIcIW3+1QtHScMB1pBcSefkmmx"
    "n5+OOlGIewkNKkVEs1LgWgafPfjs9w9uD8FEKX9LS3xTJ25rim5WKe7GVi5LHSCrFKg1zk"
    "VsJ7bpJbxNnNa1TOtq6ft+G+eG6QF2ZlTGP8moOq5MBap30dPOosGuyeQvw4w/ugMK6l38"
    "MGCivuG6xn1SUTLUtISHikJQq0mo+6hFAwZqYxOTSDooJHgYRZstExRPuFT6c3Tt0TXCLg"
    "qS8xD1xH8Chujq43kZ4dTVY1sk6QORBEQSEElQBniKRJJPt56p7IzPSoE3Xt0bDxl7HTvZ"
    "oiEpV3hFYMtkwTMMTkxwYu4dXMiI3C+8TTIiK9VwByAnlVwmqXR34lu29GRw5h+CPlydnz"
    "dzaIIjZd+OlEDfVnhTYmVc71JJmu2l6CD4M8CfAf4MHf0ZIyro2VnUZmEv3WSdhAQqSKBq"
    "j9Gw9PEkIQL+WB0z2yLrDWXENR+MW/LQErOz5Gnc7NIVsz2duDxZrPZy5PIk0VoLN48h/S"
    "AtwdLSYQRxHC3Qosu2K+JP4hkaAyQDOFpDpFmoadbjmj4muyVU+cO5dcQrcLW2BKqxW3qa"
    "EPmtrZqo9p6O8ISlDVoilKryoCNIw5XAnAw8fVIPJ8SzTeFXK/AO4Z15HemAkzajYRyqT1"
    "ItIxxK0iFD3+Z4/aGd5EJWEwx3XImXpptWe5tTIjoG0PVSep1PKgWEw+YaottLGQb+Rkbc"
    "EoasOmM9JQLp6orp6gpcSveL2Z//D4yB8H8="
)
