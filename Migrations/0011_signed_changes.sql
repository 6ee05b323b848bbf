-- Every change signed (issue 21; docs/commands.md, "Remove, restore, history"): who made each
-- entry of center_history and figure_history. ipreg writes `cli:LOGIN` (the operating-system
-- user of the command line), `web:NAME` or `token:NAME/LABEL`. The triggers of 0005 and 0007 are
-- left as they are, so another client's change keeps actor NULL: its kind, `external`, already
-- says who made it, and readers show that. Entries written before this version have NULL too:
-- nobody knows who made them.
ALTER TABLE center_history ADD COLUMN actor TEXT;
ALTER TABLE figure_history ADD COLUMN actor TEXT;

-- The audit log is append-only: no UPDATE, by ipreg or anyone. ipreg has no command that
-- deletes from it either; pruning old entries by hand (sqlite3, DELETE) stays possible
-- (docs/web-security.md).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed');
END;

-- Sign-in throttling counts the failures of the last 15 minutes at every sign-in
-- (AuditLog.failedSignIns): by time, it reads those minutes, not the whole log.
CREATE INDEX audit_log_by_time ON audit_log (time);
