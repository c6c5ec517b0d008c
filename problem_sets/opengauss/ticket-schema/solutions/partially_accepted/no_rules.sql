-- Tables, columns and keys, but none of the business rules: no CHECK constraints, no defaults,
-- no ON DELETE actions, and the ticket number must be given by hand.
CREATE TABLE engineers (
    engineer_id integer PRIMARY KEY,
    name varchar(64) NOT NULL,
    email varchar(128) NOT NULL UNIQUE,
    team varchar(16) NOT NULL
);
CREATE TABLE tickets (
    ticket_id integer PRIMARY KEY,
    title varchar(200) NOT NULL,
    priority smallint NOT NULL,
    status varchar(16) NOT NULL,
    opened_at timestamp NOT NULL,
    resolved_at timestamp,
    assignee_id integer REFERENCES engineers
);
CREATE TABLE ticket_devices (
    ticket_id integer REFERENCES tickets,
    hostname varchar(64) REFERENCES devices,
    PRIMARY KEY (ticket_id, hostname)
);
