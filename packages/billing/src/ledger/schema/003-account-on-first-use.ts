import type { Migration } from "@userdo/core";

/**
 * The account row is written when money first moves (or a limit is set),
 * not when the object is first woken: an object woken only to refuse a
 * forged credential then holds no row, so nothing of it replicates to the
 * master (no account, no registry entry). Reads treat a missing row as
 * all zeros. An untouched row of an existing object is removed (its
 * removal replicates like any delete).
 */
export const accountOnFirstUse: Migration = {
  name: "003_account_on_first_use",
  up: `
DELETE FROM _userdo_billing_account
  WHERE id = 1 AND balance = 0 AND credited = 0 AND spent = 0 AND adjusted = 0 AND held = 0 AND credit_limit IS NULL;
DROP TRIGGER _userdo_billing_charges_totals;
DROP TRIGGER _userdo_billing_credits_totals;
DROP TRIGGER _userdo_billing_adjustments_totals;
CREATE TRIGGER _userdo_billing_charges_totals AFTER INSERT ON _userdo_billing_charges BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance - NEW.amount, spent = spent + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, charges, spent) VALUES (date(NEW.at / 1000, 'unixepoch'), 1, NEW.amount)
    ON CONFLICT (day) DO UPDATE SET charges = charges + 1, spent = spent + excluded.spent;
END;
CREATE TRIGGER _userdo_billing_credits_totals AFTER INSERT ON _userdo_billing_credits BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, credited = credited + NEW.amount, updated_at = NEW.at WHERE id = 1;
  INSERT INTO _userdo_billing_daily (day, credited) VALUES (date(NEW.at / 1000, 'unixepoch'), NEW.amount)
    ON CONFLICT (day) DO UPDATE SET credited = credited + excluded.credited;
END;
CREATE TRIGGER _userdo_billing_adjustments_totals AFTER INSERT ON _userdo_billing_adjustments BEGIN
  INSERT INTO _userdo_billing_account (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  UPDATE _userdo_billing_account SET balance = balance + NEW.amount, adjusted = adjusted + NEW.amount, updated_at = NEW.at WHERE id = 1;
END;`,
};
