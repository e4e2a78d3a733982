-- 0027: the uploads of File (attachment) and Image File attributes (spec §11.2).
--
-- A file's bytes are kept by the file store (a local directory outside the web root by
-- default), under its token; this table says whose it is. An upload starts unattached
-- (its uploader may attach it to the form they save within a day) and is attached to
-- one customer (or address) when the form is saved: the value row then holds
-- '<token>/<file name>'.
--
-- A file row goes with its customer, address or attribute (cascades), or when its value
-- is replaced; the trigger below puts its token in customer_file_trash in the same
-- transaction, and the file sweeper deletes the bytes afterwards. So no delete path can
-- forget a file, and a rolled-back delete keeps it.

CREATE TABLE customer_file (
    token TEXT COLLATE "C" PRIMARY KEY,
    attribute_id BIGINT NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    -- The customer who may download it (with admins): the uploader when a shopper, the
    -- customer (or the address's customer) it is attached to.
    customer_id BIGINT REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    address_id BIGINT REFERENCES customer_address_entity(entity_id) ON DELETE CASCADE,
    -- 'admin:<id>', 'customer:<id>' or 'visitor:<hash of the form cookie>'.
    uploader TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    width BIGINT,
    height BIGINT,
    attached INT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX customer_file_customer ON customer_file(customer_id);
CREATE INDEX customer_file_address ON customer_file(address_id);
CREATE INDEX customer_file_attribute ON customer_file(attribute_id);
CREATE INDEX customer_file_unattached ON customer_file(created_at) WHERE attached = 0;

CREATE TABLE customer_file_trash (
    token TEXT COLLATE "C" PRIMARY KEY,
    deleted_at BIGINT NOT NULL
);

CREATE FUNCTION customer_file_trashed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_file_trash (token, deleted_at)
    SELECT token, extract(epoch FROM now())::bigint FROM gone
    ON CONFLICT (token) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER customer_file_trashed AFTER DELETE ON customer_file
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION customer_file_trashed();
