import type { Migration } from "@userdo/core";

/**
 * Each ledger row moves the running totals, its day's aggregate and its
 * token's spend inside the INSERT that writes it. A statement sent from
 * JavaScript costs about as much as a small write itself (it crosses into
 * the runtime and back), so a charge's five statements became one; the
 * trigger bodies run inside SQLite. Holds still move `held` from
 * JavaScript (their status changes are not inserts). `at` is never
 * negative (Date.now(), or an import's time, checked >= 0), so integer
 * division gives the UTC second and `date()` the same day as utcDay().
 */
export const totalsByTrigger: Migration = {
  name: "002_totals_by_trigger",
  up: `
CREATE TRIGGER _userdo_billing_charges_totals AFTER INSERT ON _userdo_billing_charges BEGIN
  UPDATE _userdo_billing_account SET balance = balance - NEW.amount, spent = spent + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, charges, spent) VALUES (date(NEW.at / 1000, 'unixepoch'), 1, NEW.amount)
    ON CONFLICT (day) DO UPDATE SET charges = charges + 1, spent = spent + excluded.spent;
END;
CREATE TRIGGER _userdo_billing_charges_token_spend AFTER INSERT ON _userdo_billing_charges WHEN NEW.token_id IS NOT NULL BEGIN
  INSERT INTO _userdo_billing_token_spend (token_id, spent, held, charges, last_at) VALUES (NEW.token_id, NEW.amount, 0, 1, NEW.at)
    ON CONFLICT (token_id) DO UPDATE SET spent = spent + excluded.spent, charges = charges + 1, last_at = excluded.last_at;
END;
CREATE TRIGGER _userdo_billing_credits_totals AFTER INSERT ON _userdo_billing_credits BEGIN
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, credited = credited + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, credited) VALUES (date(NEW.at / 1000, 'unixepoch'), NEW.amount)
    ON CONFLICT (day) DO UPDATE SET credited = credited + excluded.credited;
END;
CREATE TRIGGER _userdo_billing_adjustments_totals AFTER INSERT ON _userdo_billing_adjustments BEGIN
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, adjusted = adjusted + NEW.amount, updated_at = NEW.at WHERE id = 1;
END;`,
};
