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
    "eJztXW1z2zYS/isYfTlnxueJZcvJpTc3I7tu69YvmURuO+11OBAJyagpkiVBO06T/34AX8"
    "Q3kCIlkiJ5+yWRCSxfHgCL3cWDxd+jlakR3TmaWnRmPhJj9A79PTLwivAfmbJDNMKWFZWI"
    "CwzPda8ytqjC1tXmDrOxynjBAusO4Zc04qg2tRg1xUMMV9fFRVPlFamxjC65Bv3LJfxWS8"
    "IeiM0Lfv+DX6aGRj4RJ/zTelQWlOha4n2pJp7tXVfYi+Vdu7+/+vY7r6Z43FxRTd1dGVFt"
    "64U9mMa6uutS7UjIiLIlMYiNGdFinyHeMvjk8JL/xvwCs12yflUtuqCRBXZ1Acbo3wvXUA"
    "UGyHuS+Of0P8Grxaopyu3dTPl4OVOUUQXsVNMQuFODCaD+/urfNwLEuzoSD7j4Yfrh4OTs"
    "lQeB6bCl7RV6cI2+eoKYYV/UAz1CWbWJwETBLIv2t7yE0RWRI56UTCGvBaJH4Y9tWiC8ED"
    "VB1P1CcEP4GgB8xD9QuzP0l6DtCxpgdnVz+XE2vXkvHrdynL90D7/p7FKUjL2rL6mrB357"
    "mXxk+WNufRP0y9XsByT+RL/d3V6mW3Vdb/bbSLwTdpmpGOazgrVYNw2vhqjxmlGre0Nbec"
    "DOQ7bVLx6wLW/xpFSqxTlyzYyyJlt4hT8pOjGW7IH/eXZa0MI/Tz94o+zsNNVqt0HJ2Cv6"
    "moCZfzXRqyC8FqgH3DIDaNSUvkqCe/z6dQl0ea1ceL2yNL4OU1xnK/WVlq1BgQVdtyv6qy"
    "f6KsSkUGHxhrKVahZBTKROs6C7jbrBChCG1uJRagQIqLLQfmfahC6Nn8iLB/AVfw9sqEQC"
    "aGBa3ge36Sek0dVoKNv4eW2ZxjsU/3b+xYT56nz68WL67eXIQ3iO1cdnbGtKAmpRYo7N1J"
    "V13WzRarxKX8EGXnrgiK8Q7xygfsHwlbEwRxJbPywqNPVVbhnSsNYmS3/0nk//BI3fIdMg"
    "6AnbFBvsHw7yjEH6RNCBRQyNo/2Fv67+8ln8CroD/6nQFf+G+AXHXS6JI27+ReN3/LLAVC"
    "faq6NRquXafK7EZ/l99Kc5V1zbm5uDpytedx39Af4M+DO90HMD9mf4zMRcp4qlHUk0ZWrv"
    "z5E5GZcwtU/GuZa2KEoa2pgxsrIkQ+rKYHJ8YxIpgMUE29Dged0UvEvxBv8cH5++OX17cn"
    "b6llfx3nJ95U0B4le3s7TfQvhkppBPFuVDYBvfRSLfiv/SZp/uiXoq5b7YhH8rkSio3PET"
    "k4Dxkx4/rqVtOcknJWGS7/AoCt4+1uq2JJY2I59yRlBQvb1I2p504eWvs0QDhvP4wc3011"
    "eJRry+u/0+rB6b9y+u785TAyzp4pTXWhm59nRXk2OqZvUVOZ9ZaH/8eHebY7EmpNKqi6oM"
    "fUE6dcoA3J9ApYCjuHenO3JK74gbpHu3mFtfOLKuUcWiTUnBrJzu1sS2TVtZEcfBS1JFU2"
    "cEt9LZ/enUjahsEaCqFmKKJCA+LgGT2w9bABpJAagpUC3b1FyVVQQ1KbUDqP3RD9sv5PAe"
    "WMM6zgXDP/o36mc/3biSE2k++UKORBXUBuu9f68BIxupwM3oBqO7BnTfR3fqpSLYCG1SES"
    "ag5a+Abu+vr/e4BCkUhnwFMlAlxQuQgeICpiGszMHKXF+CdmVW5rz/M+2dvy4X1h9E2C65"
    "LDcuRYEbF1DgxlkKHDUsVzKg8sNIa4GdIkhdQ7rtEBLw0Wp1DZ9N+9GxsEoqYpqWA2CL/c"
    "M1XjUY3L/E79VPcDfa3On+tdmhASplw1TK+NS3MCVL6ueB2Hc/fSA6zlkvyRIkB4J0esV0"
    "d4AGF7P42rwrLADL9YYDNDc6xGHYqSwp9/gd4lexRTyOrMYNOcp9RnT/4RqZC4QRvyU68H"
    "lvKGTLegLrH0TbRMCt/Rl5ZFtRZpj2Cuv0M3f9BBTAtAV/vh+aZ8D+PDBtgWk76g8nAZi2"
    "wLQFpu324weYtkOb5IFp2ynaVsrHqWBXZSUH0QDpNZPTt6UWTU7fFqyaiEIJV7FKH18LAD"
    "cRuIlAoxsApkCja5NGB0SvtohesECyv+j/lUZWlsmIob7wDj2SLAGkahwWrQPQqK7yGFSu"
    "lSD3e3JB2LS89Bh+fxAPhIg7RNz7Mdp76oyXibgnRmVZ5zAhNEC/sP5cfYGCLQtwUH2A0I"
    "4nkzIe92SS73CLsvSWS/6lDquccjItN0C86+/KXPfw963oICaEwOkGgiIQFPcPbk0Exf3s"
    "CrohGsVTxyFsJHGEYqWHRU7QStRT8LriRjLUR8Y7iobmL4w4h4gjyB0o9k9ub/FO6BDNzy"
    "C4oDpB3EaKKExBRXRAmYP47I40YtMn4qCFba4Q95iQ84DHk7NXh94NbG6tpVqyvSf/1xA3"
    "WLc9woYW3uUI3Vu6iTX+Al65Vxak5XCQZfKuhLj3R75BjolUbCDLJk+UPPsVwwyJvNshnY"
    "8WO5+jlRip/guCvwj+Yk/064D9xWAsVjCyIwkwr8FTLA/t5LgM/Y3XygXXK0uiG8xjPlAV"
    "YE7LDRDv+rvyM9WYxB/P5Uqt60NeLwlZ6oH7Jw9VqJuRAOApy5NGP0tUwDld5gIaSgwJzn"
    "+Nxycnb8avT87eTk7fvJm8fb3GNVtUBPD51fcC44RyyIIOkQ6IdAwx0hHntHoO8m4L476X"
    "PSC8E0ogDBjshtHP/l1KgNQTpkZWUe4GkBi3Q+pCTUYT71w2Nz/dBEkiJQHFZIXDopii6V"
    "WNZ5yExEMQBoMw2JDCYMHglmjo/Nw4cRlIj7NDehyHGGLUeBsTq+zFysjBjqyZzI3Yz4Le"
    "e3+paIadR9kEHC8unH6DJSeFhTU3rumlMgpYtqnyoSp+qubKEl5AmFXgG3+NjFckNsIMYS"
    "RUs7fgZpvP6EAsp4nnokdiG0QXR4jpmK4kCQ9aeubmxTUVqw9EkfExUxXFHyNeJXU5pF7/"
    "AXYI2CHdnJ8GbIdAwgRImNBx8wISJkDChArjBxImFIwfSJgwtEleMooysWDeirLt5EVsBX"
    "2H7eRbteyoKWs5OcMfl8pyfFyQ5fg4m+VYvhJcYELJ14H7j+6kDLiTfGwnGWgj77JK940L"
    "DZBpc/x6XIZrI6oVdONxhm/DXXGhdarMtnERmG7T022wa6Vi901KDSGjRwvEPDjebZ8pVL"
    "b3yPbgi3WmJbptRmadsT3ndunapFzP3r1gDyl3reYvlTdFZkQhdU7OUcGVgE1KQZeVkDC3"
    "4F8CnPlwAqcVOK0tg9vA8SLxCakGkEseM9LNiWsjvJLZOyebVlpZ1NR/B951O538ra/AFm"
    "R/k2L7FJGsd8S2PF27r9gmrc4u5Urg/XpORlJSlSg4LKZThVWAxAzkoWysHshDoy4GhIA8"
    "BOShkoOnL6sxQB76P4tXA3mo1vED5KGhTfJlyEO5S6r5s/yui6mda93mD0r3AharKqoqJg"
    "GqKq2qgu0wOYHI/J6blhsCF6AFApzPWMkCnc+6iCSGAHHbdAtYMYIVoy5GMLuc7zWMzcuj"
    "mGHYvjCOua7U5DEXG46VTtWmhqJihnVzKf6KBdNgOyVERDuqTXrqLJWKiJquzbVfxRMqk1"
    "JgEPXwnMqO4d/OMZWMMr1SYGAtMMCdL+W2vhTtfcm4VfE3q6BOUmIDwLptdTK3sSGxkvI7"
    "9lpgiMqjgXCXZVOZU1UUmKFS52oAANe/bqi6ti2O5asCcFxmgBiXgTgf4cyGz0e3CrZB9e"
    "HBWn/Kb/yEKf90qlNWqfum5YaHdQNqAhumQVWsV/VXMoJDQLttG4Ouqub/iyTaz/4XC8nM"
    "XaozajhH4nn7iMo0khOQGxgrbL8oHshVB4RUGAZF9UHBXxJbW0XNkpKwj7Q7jAJJlMxrK2"
    "UL+mBasEXf1iDP7YQSjs/KLNCm2y+2PnuWMVd92KrTCbOCQDXIHAPiY7QrubDgNqDMeqDM"
    "vDQSlYL+KTkwF6qbC8BIzFdz/VxkK8NITK55J1v93DS5CjVyHKiEYKrR51yyqXZeX2l3zJ"
    "3f3V0n2vT8Kj2o7m/OL7k14TUmr0R9qgacuwSMo06A2+K5SyrDCjUW5o6H5lwwfMXv0tu5"
    "u/hUIQGSa+u7Y/SjOb+3y+jbPqIUP0FgR6hSpxYMZBTLtoi3dppXb0Bqkg05o+rjtalKT8"
    "pYlx0W8SEZr6XoYbW97O32/s/0mgKuT1C/nqjRZh5j79bh8umMoqEFRcpgVBIZ37BvMiU7"
    "QG+rv95VNqDxYOoaqZQuOpIY4Hav43EZ7hyvlR+QHWeYczp2mGK7xja7kJOiEBzs2ljKeH"
    "f72e8QHAErmd+jw2HzZ3c3qtPk1J7azfBIfRYd7GOAfQw9mCf6GWIts48hHIhlLYCw/hDn"
    "/9qXY02bLqmBdaWq/5IRHAC1O0U2nkzKkI0nk3yysShLcQodh1TNAByXgZg1LAbAYsD+wW"
    "0gYa03zGtA94ZoFE/Dmw0U3rhOTEB7e4emF7Oru9tyKy1eM+0W7S2Zvrabnm27kV4vibLM"
    "CwySKxf4gGGNJre7kxWm2V3u4PSB09dNZTlgp88fipkGz/dH1gIDdPvGkzJrKrxWgSeS2d"
    "203wWrTuHbSB4qcEzAMemCQZe2nOtjKTHzkRg7Gs9Ti87EbQYEeIak9Kc5r4WkNFSM9kZR"
    "Apcs4ipJvLIYjSnfMYsdqrHRNxtNkUN89FEgh8wFwihgQqMgr9k7RJmDVqb66FrI28eIsK"
    "GhZ+618V82EyoMLU3iIO7YUHY0SsHb5HOkXmQsHxufvKj3ueBGghvZDyU9YDcSskI1mzuH"
    "AyfbaVaQ2iUUGMIWsxa8SId+rtR/w/rDg3dSLqlZQU6zNLZbpVeAtAo77pO0+NswBfM5Jw"
    "t7fr6RpFT7OUf20wDNZBcJLdQM/Ll77+Mi7e26b1K11Lzx3tcKFS35mAwclZ05MwFOdweq"
    "TIeBhYj0HqkycEpuc6fketNSDchWoiF1cxLbiG18Ct+FhQSbdPcZAvcIXJL4d0jsyg9+hw"
    "egl4l8W5SoxAtDB4FlZiLLZSK0HAxR5xAtbHOFsIH8LS/ItMUffmT6/sO1LNBd123hWOMO"
    "GBWHEMCGADawdFoMYMMhKfuJAsI+mJqd+7BLejN8RWBlshCRguAJBE/2Di7sM9ovvGX2Ge"
    "Wq4RpAjvIj9FLpbsRXNvUkcOYvgm7vr68hkNKPQIqvb3OiKWtlXBxSiartJZUXxDMgngHx"
    "jCHGMzqUJq82tljGli4zT8K2hM3bEqhGVpbJxEF0yiN52RGrq+hu3PobKmYr4RMontG8I1"
    "6D9C66se2lp2iZc9kRZdVg4vcYMEDeat/OEA2MD5EAyfczd8SotE/eT4gcYu8KUJCsY4jw"
    "QIbwEiC1l1WnN/A0GXeZEpuqwqnIBF2CksOiiAuO6nQm3JLLRJdGWyQc9MCx664zWAsBPT"
    "+68sSVuJTjn+9qx0SGyB5oJJsjH1QVEA6qDxDdRva+8Sdyf1kSHszfJhQTgT1CFfcIVQgk"
    "1T+Zff0fwn4n0g=="
)
