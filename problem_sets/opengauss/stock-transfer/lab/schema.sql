-- Spare parts for the network: optical modules, power supplies and fans in four warehouses.
CREATE TABLE warehouses (
    code        varchar(16)  PRIMARY KEY,
    city        varchar(32)  NOT NULL
);

CREATE TABLE parts (
    part_no     varchar(32)  PRIMARY KEY,
    description varchar(100) NOT NULL
);

CREATE TABLE stock (
    warehouse   varchar(16)  NOT NULL REFERENCES warehouses (code),
    part_no     varchar(32)  NOT NULL REFERENCES parts (part_no),
    qty         integer      NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (warehouse, part_no)
);

CREATE TABLE stock_moves (
    move_id     serial       PRIMARY KEY,
    order_no    varchar(16)  NOT NULL,
    part_no     varchar(32)  NOT NULL REFERENCES parts (part_no),
    from_wh     varchar(16)  NOT NULL REFERENCES warehouses (code),
    to_wh       varchar(16)  NOT NULL REFERENCES warehouses (code),
    qty         integer      NOT NULL CHECK (qty > 0),
    moved_at    timestamp    NOT NULL DEFAULT now()
);
