-- The scheduled sweep looks for work whose queue message may have been lost: invitation emails
-- still queued and organization cleanups still pending. Partial indexes keep those reads small.
CREATE INDEX invitations_email_queued ON invitations (created_at) WHERE email_state = 'queued';
CREATE INDEX cleanups_pending ON cleanups (created_at) WHERE state = 'pending';
