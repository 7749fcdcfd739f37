from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "preview_task" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMP,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "color" VARCHAR(100) NOT NULL,
    "size" VARCHAR(50) NOT NULL,
    "cache_key" VARCHAR(1024) NOT NULL,
    "progress" INT NOT NULL,
    "result_key" VARCHAR(512),
    "error_message" TEXT,
    "expires_at" TIMESTAMP,
    "product_id" CHAR(36) NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "requested_by_id" CHAR(36) REFERENCES "user" ("id") ON DELETE SET NULL,
    "variant_id" CHAR(36) NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    "work_id" CHAR(36) NOT NULL REFERENCES "work" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_preview_tas_workspa_7e293d" UNIQUE ("workspace_id", "cache_key")
) /* status pending|processing|completed|failed; one render at a time per row (the task kernel's claim). */;
CREATE INDEX IF NOT EXISTS "idx_preview_tas_status_35b60d" ON "preview_task" ("status");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_lease_e_34f3e2" ON "preview_task" ("lease_expires_at");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_workspa_a18d81" ON "preview_task" ("workspace_id", "work_id");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_workspa_9a257d" ON "preview_task" ("workspace_id", "product_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "preview_task";"""


MODELS_STATE = (
    "eJztXftz2zYS/lcw+uWcGZ8nlh/JpTc3I7tu69aPTCK3nfY6HIiEJNQUyZKgHafJ/34AH+"
    "ILpEiJpEje/pLIBJaPD8ACu/st8PdoZWpEd44mFp2aj8QYvUN/jwy8IvxHpuwQjbBlRSXi"
    "AsMz3auMLaqwdbWZw2ysMl4wx7pD+CWNOKpNLUZN8RDD1XVx0VR5RWosokuuQf9yCb/Vgr"
    "AlsXnB73/wy9TQyCfihH9aj8qcEl1LvC/VxLO96wp7sbxrDw/X337n1RSPmymqqbsrI6pt"
    "vbClaayruy7VjoSMKFsQg9iYES32GeItg08OL/lvzC8w2yXrV9WiCxqZY1cXYIz+PXcNVW"
    "CAvCeJf07/E7xarJqi3N1PlY9XU0UZVcBONQ2BOzWYAOrvr/59I0C8qyPxgMsfJh8OTs5f"
    "eRCYDlvYXqEH1+irJ4gZ9kU90COUVZsITBTMsmh/y0sYXRE54knJFPJaIHoU/timBcILUR"
    "NE3S8EN4SvAcBH/AO1e0N/Cdq+oAGm17dXH6eT2/ficSvH+Uv38JtMr0TJ2Lv6krp64LeX"
    "yUeWP+bWN0G/XE9/QOJP9Nv93VW6Vdf1pr+NxDthl5mKYT4rWIt10/BqiBqvGbW6N7SVJX"
    "aW2Va/XGJb3uJJqVSLc+SaGWVNtvAKf1J0YizYkv95flrQwj9PPnij7Pw01Wp3QcnYK/qa"
    "gJl/NdGrILwWqAfcMgNo1JS+SoJ7/Pp1CXR5rVx4vbI0vg5TXGcr9ZWWrUGBBV23K/qrJ/"
    "oqxKRQYfGGspVqK4KYSJ3Lgu426oZVgFhozR+liwABVRba70yb0IXxE3nxAL7m74ENlUgA"
    "DZaWD8Ft+glpdDUayjZ+Xq9M4x2Kfzv/YsJ8dT75eDn59mrkITzD6uMztjUlAbUoMcdm6s"
    "q6brZoNV6lr2ADLzxwxFeIdw5Qv2T42pibI8laPywqXOqrfGVIw1qbVvqj93z6J2j8DpkG"
    "QU/Ypthg/3CQtxikTwQdWMTQONpf+OvqL5/Fr6A78J8KXfFviF9w3MWCOOLmXzR+xy9zTH"
    "WivToapVquzedKbJbfR3+aM8W1vbk5eLriddfRH2DPgD3TCz03YHuGz0zMdaqstCOJppba"
    "+zNkTsYllton49yVtihKLrQxY2RlSYbUtcHk+MYkUgCLCbahwfO6KXgX4g3+OT4+fXP69u"
    "T89C2v4r3l+sqbAsSv76Zpu4XwyUwhnyzKh8A2totEvhX7pc0+3RP1VMp8sQn/ViJRULnj"
    "JyYB4yc9flxL23KST0rCJN/hURS8fazVbYkvbUo+5YygoHp7nrQ96cKrX6eJBgzn8YPbya"
    "+vEo14c3/3fVg9Nu9f3txfpAZY0sQpr7Uycu3pribHVM3qKzI+s9D++PH+LmfFmpBKqy6q"
    "MvQF6dQpA3B/HJUCjuLene7IKb0jbpDu3WJufeHIukaVFW1KCmbldLcmtm3ayoo4Dl6QKp"
    "o6I7iVzu5Pp25EZQsHVTUXUyQB/nEJmHz9sAWgkRSAmgLVsk3NVVlFUJNSO4DaH/2wfSCH"
    "98Aa4jiXDP/o36if/XRjJCfSfPJAjkQV1Abrg3+vASMbqcDN6AajuwZ030d36qUi2AhtUh"
    "EmoOWvgO4ebm72GIIUCkMegQxUSXEAMlBcwDSEyBxE5vritCsTmfP+z7R3flwurD8It10y"
    "LDcuRYEbF1DgxlkKHDUsVzKg8t1Ia4GdPEhdQ7ptFxLw0Wo1DZ9N+9GxsEoqYpqWA2CL7c"
    "M1XjUsuH+J36uf4G5cc6f712aDBqiUDVMp41Pf3JSE1C8Cse9++kB0nBMvyRIkB4J0OmK6"
    "O0CD81l8bd4UFoDlWsMBmhsN4tDtVJaUe/wO8avYIh5HVuMLOcptRvTw4QaZc4QRvyU68H"
    "lvKGTLegLrH0TbRMCt/Rl5ZFtRZpj2Cuv0Mzf9BBTAtAV7vh+aZ8D2PDBtgWk76g8nAZi2"
    "wLQFpu324weYtkOb5IFp2ynaVsrGqbCuykoOogHSMZPTt6WCJqdvC6ImolDCVazSx9cCwE"
    "0EbiLQ6AaAKdDo2qTRAdGrLaIXBEj25/2/JRrFE8chbCRx/8dKD4v8/ytRT8Hrihv9/x8Z"
    "H0Qamr0w4hwi/smMGOyffL3PNZ5DNH/TjDnVCbKIHXntg4rogDIHPZIXpBGbPhEHzW1zhd"
    "iSIGeJx2fnrw69G9jcWEhB396T/2uIG6zjsQgbWniXI/Rg6SbW+At45V5ZkInmIMvkbY+W"
    "xCbfIMdEKjaQZZMnSp79iuGmILyfID4aiJ0flkhEz/0XhKAEBCV6ohB76q8oFZTwx2KmxQ"
    "uCEmuJARrN9W9kyFV0FXSD6gOE9uy4TMSH18oF1ytLohvMYz5QFWBOyw0Q7/q78jPVmGTX"
    "09zwwLo+pLJL4gNLbrstq0QrIwHAU7Y1AP0sUQEXdJELaCgxJDj/NR6fnLwZvz45f3t2+u"
    "bN2dvXa1yzRUUAX1x/LzBOKIcs6MA+BvZxF1wTh1uxj8t4glzfQN7NF+Rb2QPCW7blzY4Y"
    "/ezfZTjOyayi3A0gMW6H1IWa9Cbeu2xmfroN9kWROBSTFQ6LfIqmVzW+yQrk2oIbDNxgQ3"
    "KDBYNboqHz00HjMpARukNGqEMMMWo8Lm4V+mFGDkiIU5kZsZ+dLd77oaIpdh5lE3C8uHD6"
    "DUJOCgtrbozppZJoLNtU+VAVP1VzZQkrIEyk+caPkfGKxEaYIYyEavYCbrb5jA5EOE08Fz"
    "0S2yC62DVfx3QlyfFp6Zmbg2sqVpdEEW7kdHwtVVH8MeJVUpdDtsEfsA6BdUg356cBr0Mg"
    "RwhyhDq+vIAcIcgRqjB+IEeoYPxAjtDQJvkyOUK8FWUZFEVsBX2HDIqtWrbPZ1vKI8EFSy"
    "h5HLj/6J6VAfcsH9uzDLSRdVml+8aFBsi0OX49LsO1EdUKuvE4w7fhprjQOlVm27gITLfp"
    "6ZYjw9+vavdNSg0hia0FYh6caLDPrMHtLbI92GKdaYluLyOzxtie0xm7NinXkyNqE/4xjj"
    "CtZi8VkZWIQrZozulYlYBNSkGXlZAwt+BfApz5cAKnFTitLYPbwI668QmpBpBL7qzbzYlr"
    "I7yS2TsngTytLGrqvwPvup3e76CvwBZseCDF9ikiWe+IbXm6dl+xTa46q2YQNEutMmdkJC"
    "VViYLDYjpVWAVIzEAeyvrqgTw06qJDCMhDQB4qOXj6Eo0B8tD/mb8ayEO1jh8gDw1tki9D"
    "HsoNqebP8rsGUzvXus2fDeg5LFZVVFVMAlRVWlUF6TA5jsj8npuWGwIXoAUCnM9YyQKdz7"
    "qIJIYAcdt0C4gYQcSoix7MXXdBadiH6fnm5V7M0G1f6MdcV6rVk5nKh9xwklqqNjUUFTOs"
    "mwvxV8yZBumU4BHtqDbpqbFUyiNqujbXfhUPZUlKwYKoh0ezdAz/dk5mYZTplRwDa4EBZr"
    "6US30pyn3JmFXxN6ugTlJiA8C6bXUys7EhWSXld+y1wBCVRwPuLsumMqOqyDFDpcbVAACu"
    "P26ourZNDLVazlxMZoAYl4E4H+FMwuejWwXboPrwYK1/y2/8hCn/dKpTVqn7puWGh3UDag"
    "IbpkFVrFe1VzKCQ0C77TUGXVXd/y+SaH/3v5hLZuZSnVHDORLP24dXppE9AfkCY4XtF8UD"
    "ueqAkArDoKg+KPhLYmsrr1lSEvJIu8MokHjJvLZStqAPpgVbtG0N8tyOK+H4vEyANt1+sf"
    "jseWa56sNWnU6YFQSqQeYYEB+jXcmFBbcBZdYDZVb5lOq0HCwXqi8XgJGYr+b6GWQrw0hM"
    "xryTrX5hmlyFGjkGVEIw1egzLtlUO6+vtDvmLu7vbxJtenGdHlQPtxdXfDXhNSavRH2qBp"
    "y7BIyjToDb4rlLKsNKq6dwd3PuLj5VSIDk2vruGP1ozh7sMvq2jyjFTxDYEarUqQUDGcWy"
    "FPHWTvPqDUhNsiGnVH28MVXpSRnrssMiPiTjtRQ9rLaX3G7v/0yvKeD6BPXr8Rpt5jH2Lg"
    "6XT2cUDS0oUgajEs/4hrzJlOwAra3+WldZh8bS1DVSabvoSGKA6V7H4zLcOV4r3yE7zjDn"
    "dOwwxXaNbbKQk6LgHOzaWMpYd/vJdwiOgJXM79HhsPmzuxvVaXJqT2UzPFKfRQd5DJDH0I"
    "N5op8u1jJ5DOFALLsCCOsPcf6vPRxr2nRBDawrVe2XjOAAqN0psvHZWRmy8dlZPtlYlKU4"
    "hY5Dqu4AHJcBnzUEAyAYsH9wG9iw1hvmNaB7SzSKJ+HNBgpvXCcmoL27R5PL6fX9XblIi9"
    "dMu3l7S25f203Ltl1Pr7eJsswKDDZXLrABwxpNpruTFabZLHcw+sDo66ayHLDR5w/FTIPn"
    "2yNrgQGafeOzMjEVXqvAEslkN+03YNUpfBvZhwoMEzBMurCgS6+c62MpMfORGDsunicWnY"
    "rbDAjwDEnpT3NWC0lpqBjtjaIEJlnEVZJYZTEaU75hFjtUY6NtNpogh/joo0AOmXOEUcCE"
    "RsG+Zu8QZQ5ameqjayEvjxFhQ0PP3Grjv2wmVBhamMRB3LCh7GiUgrfJ50ityNh+bHzyot"
    "7nghkJZmQ/lPSAzUjYFarZvXM4cLJMs4KtXUKBIaSYtWBFOvRzpf4b1h8evGflNjUr2NMs"
    "je1W2yvAtgo75kla/G2Ygvmck4U9f7+RpFT7e47spwGa2V0kXKFm4M/NvY+LtJd136RqqT"
    "nx3tcKFVfyMRk4KjtzZgKc7g5UmQ4DCx7pPVJl4JTc5k7J9aalGpCtREPq5iS2Edv4FL4L"
    "CwmSdPfpAvcIXBL/d0jsynd+hwegl/F8W5SoxHNDB45lZiLLZcK1HAxR5xDNbXOFsIH8lB"
    "dk2uIP3zP98OFG5uiu67ZwrHEHFhWH4MAGBzawdFp0YMMhKfvxAkIeTM3GfdglvRm+IrAy"
    "WfBIgfMEnCd7BxfyjPYLb5k8o1w1XAPI0f4IvVS6G/GVTT0JnPmLoLuHmxtwpPTDkeLr2x"
    "xvyloZF7tUomp72coL/BngzwB/xhD9GR3aJq82tlhmLV1mnoS0hM1pCSuxvlW8BeCOOA1y"
    "pdyNFI6eomXOZMdtVYOJ32PAAHmRq50hGlhsPwGSbzPtiFFp+7KfEDnE3hWgYOOJIcIDu1"
    "2XAKm9HWJ6A0+TPoQJsam6HEkcCEHJYZH3AEd1OuM6yGVVSz0HEj51YKR017CphUyd7yl4"
    "4kpcylfPNxtjIkOMhDeyMyEfVBUQDqoPEN1G8rj4ExkxJK6u/JSXmAjku1TMd6ngFKl/Mv"
    "v6P1doiUk="
)
