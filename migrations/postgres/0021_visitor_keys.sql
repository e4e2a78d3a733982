-- Recording a visitor's activity on PostgreSQL: the foreign keys to the customer and the
-- website checked each insert and sign-in by locking the customer's row (FOR KEY SHARE,
-- a write to a random page of the customer table): more than half of the upsert's time
-- (0.28 → 0.13 ms). The visitor rows are a day of unlogged activity; what the keys did
-- that matters, deleting a customer's or a website's rows with them, is done by these
-- triggers instead, once per deleting statement. A row recorded while its customer is
-- being deleted can outlive them (ids are never reused, so it binds no one else): the
-- grid shows it without a name and the purge removes it within a day.
ALTER TABLE customer_visitor
    DROP CONSTRAINT IF EXISTS customer_visitor_customer_id_fkey,
    DROP CONSTRAINT IF EXISTS customer_visitor_website_id_fkey;

CREATE FUNCTION customer_visitor_forget_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_visitor v USING gone g WHERE v.customer_id = g.entity_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_visitor_forget_customers AFTER DELETE ON customer_entity
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION customer_visitor_forget_customers();

CREATE FUNCTION customer_visitor_forget_websites() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_visitor v USING gone g WHERE v.website_id = g.website_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_visitor_forget_websites AFTER DELETE ON websites
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION customer_visitor_forget_websites();

-- Rows of customers deleted before this migration went with them; none to clean up.
