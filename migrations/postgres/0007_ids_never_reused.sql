-- 0007: sessions die with their account.
--
-- PostgreSQL identity columns never hand out an id twice (SQLite needed AUTOINCREMENT, see
-- its 0007), but a deleted customer's or admin's sessions stayed. They are deleted, with
-- the mail written to the account, in the same statement as the account.
CREATE FUNCTION customer_entity_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sessions WHERE kind = 'customer' AND user_id = OLD.entity_id;
    DELETE FROM mail_outbox WHERE to_email = OLD.email;
    RETURN OLD;
END
$$;
CREATE TRIGGER customer_entity_deleted AFTER DELETE ON customer_entity
    FOR EACH ROW EXECUTE FUNCTION customer_entity_deleted();

CREATE FUNCTION admin_users_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sessions WHERE kind = 'admin' AND user_id = OLD.user_id;
    RETURN OLD;
END
$$;
CREATE TRIGGER admin_users_deleted AFTER DELETE ON admin_users
    FOR EACH ROW EXECUTE FUNCTION admin_users_deleted();

DELETE FROM sessions WHERE kind = 'customer'
    AND user_id NOT IN (SELECT entity_id FROM customer_entity);
DELETE FROM sessions WHERE kind = 'admin'
    AND user_id NOT IN (SELECT user_id FROM admin_users);

-- The key a storefront create was sent with (offline queue): sending it again returns the
-- address it made instead of a second one.
ALTER TABLE customer_address_entity ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX customer_address_request_key
    ON customer_address_entity(parent_id, request_key) WHERE request_key IS NOT NULL;
