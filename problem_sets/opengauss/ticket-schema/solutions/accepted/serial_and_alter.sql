-- The same design built step by step: serial keys, constraints added afterwards with names.
CREATE TABLE engineers (
    engineer_id int NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    team text NOT NULL
);
ALTER TABLE engineers ADD CONSTRAINT engineers_pk PRIMARY KEY (engineer_id);
ALTER TABLE engineers ADD CONSTRAINT engineers_email_uq UNIQUE (email);
ALTER TABLE engineers ADD CONSTRAINT engineers_team_ck CHECK (team = ANY (ARRAY['core', 'access', 'transport']));

CREATE TABLE tickets (
    ticket_id serial PRIMARY KEY,
    title text NOT NULL,
    priority int NOT NULL,
    status text NOT NULL DEFAULT 'open',
    opened_at timestamptz NOT NULL DEFAULT current_timestamp,
    resolved_at timestamptz,
    assignee_id int
);
ALTER TABLE tickets
    ADD CONSTRAINT tickets_priority_ck CHECK (priority >= 1 AND priority <= 4),
    ADD CONSTRAINT tickets_status_ck CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    ADD CONSTRAINT tickets_resolved_ck CHECK (resolved_at >= opened_at),
    ADD CONSTRAINT tickets_assignee_fk FOREIGN KEY (assignee_id)
        REFERENCES engineers ON DELETE SET NULL;

CREATE TABLE ticket_devices (
    ticket_id int REFERENCES tickets ON DELETE CASCADE,
    hostname varchar(64) REFERENCES devices,
    PRIMARY KEY (ticket_id, hostname)
);
