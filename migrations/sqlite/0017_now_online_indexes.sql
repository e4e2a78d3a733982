-- Now Online at 100,000 concurrent visitors: indexes that answer every grid query
-- without reading the table or sorting it.
-- * The online window's counts (all, customers or visitors only, one website) read only
--   this index.
DROP INDEX IF EXISTS customer_visitor_last_visit;
CREATE INDEX customer_visitor_last_visit ON customer_visitor(last_visit_at, customer_id, website_id);
-- * The default sort (customer ID, then visitor) in index order, the window, type and
--   website checked in the index: visitors (no ID) were one big group sorted in a
--   temporary tree before.
DROP INDEX IF EXISTS customer_visitor_customer;
CREATE INDEX customer_visitor_customer ON customer_visitor(customer_id, visitor_id, last_visit_at, website_id);
