-- Totals without scans (issue 18). Each counter holds the number of rows of one table that name its
-- key, all of them, including rows whose owner was deleted and awaits its cleanup; the statements
-- that add or remove those rows change it in the same batch. A list's total is its counter minus the
-- rows of owners still pending cleanup (found through the pending cleanups, a handful at most), so no
-- total reads the rows it counts.

-- An organization's members, its connections (both APIs) and its enabled ones: on the row itself, so
-- they go with it when it is deleted and the check that it exists reads its totals for free.
ALTER TABLE organizations ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN connection_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN enabled_connection_count INTEGER NOT NULL DEFAULT 0;

-- Tenant-wide totals: one row.
CREATE TABLE tenant_counts (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  organizations INTEGER NOT NULL
);

-- A user's memberships, by user id: not a column of users, because a user id can be deleted and
-- re-created while the old memberships still await their cleanup, and the list shows those rows.
CREATE TABLE user_organization_counts (
  user_id TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;

-- A member's role assignments in an organization (they may exist before the user joins).
CREATE TABLE member_role_counts (
  org_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
) WITHOUT ROWID;

INSERT INTO tenant_counts (id, organizations) SELECT 1, count(*) FROM organizations;
UPDATE organizations SET
  member_count = (SELECT count(*) FROM org_members WHERE org_id = organizations.id),
  connection_count = (SELECT count(*) FROM org_connections WHERE org_id = organizations.id),
  enabled_connection_count = (SELECT count(*) FROM org_connections WHERE org_id = organizations.id AND is_enabled = 1);
INSERT INTO user_organization_counts (user_id, n) SELECT user_id, count(*) FROM org_members GROUP BY user_id;
INSERT INTO member_role_counts (org_id, user_id, n) SELECT org_id, user_id, count(*) FROM org_member_roles GROUP BY org_id, user_id;

-- A user's organizations are listed in membership order: with created_at in the user's index, a page
-- reads its own rows instead of sorting all of the user's memberships. It serves every lookup by user
-- the old index served.
CREATE INDEX org_members_user_order ON org_members (user_id, created_at, org_id);
DROP INDEX org_members_user;
