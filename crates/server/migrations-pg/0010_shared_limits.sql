-- The login throttle and the hourly upload quotas live in the database, so
-- every server instance on it counts the same failures and bytes (they
-- were counted in each instance's memory before). Times are unix
-- milliseconds; old rows are pruned by the writers.

-- Failed logins per key: 'bruger:<username, lower case>' or 'adresse:<ip>'.
CREATE TABLE login_fejl (
    noegle       TEXT PRIMARY KEY CHECK (length(noegle) <= 250),
    antal        BIGINT NOT NULL CHECK (antal > 0),
    senest       BIGINT NOT NULL,
    spaerret_til BIGINT NOT NULL
);
CREATE INDEX login_fejl_senest ON login_fejl (senest);

-- Bytes received per uploader: 'bruger:<id>' (documents uploaded by a
-- caseworker) or 'kilde:<id>' (a source system's messages).
CREATE TABLE upload_forbrug (
    hvem      TEXT NOT NULL,
    tidspunkt BIGINT NOT NULL,
    bytes     BIGINT NOT NULL CHECK (bytes >= 0)
);
CREATE INDEX upload_forbrug_hvem ON upload_forbrug (hvem, tidspunkt);
CREATE INDEX upload_forbrug_tidspunkt ON upload_forbrug (tidspunkt);
