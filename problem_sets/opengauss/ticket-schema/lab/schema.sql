-- What exists already: the device inventory the tickets will refer to.
CREATE TABLE devices (
    hostname   varchar(64) PRIMARY KEY,
    site_code  varchar(16) NOT NULL
);
