-- Spare-parts stock of the field-service depots.
CREATE TABLE depots (
    depot_id     integer      PRIMARY KEY,
    code         varchar(16)  NOT NULL UNIQUE,   -- e.g. SZ-DEP1
    city         varchar(32)  NOT NULL
);

CREATE TABLE items (
    item_id      integer      PRIMARY KEY,
    sku          varchar(32)  NOT NULL UNIQUE,
    category     varchar(16)  NOT NULL,          -- optics, cable, power, fan, board, tool
    unit_price   numeric(10, 2) NOT NULL         -- yuan
);

CREATE TABLE stock_levels (
    depot_id     integer      NOT NULL REFERENCES depots (depot_id),
    item_id      integer      NOT NULL REFERENCES items (item_id),
    qty          integer      NOT NULL CHECK (qty >= 0),
    min_qty      integer      NOT NULL CHECK (min_qty >= 0),   -- reorder below this
    PRIMARY KEY (depot_id, item_id)
);
