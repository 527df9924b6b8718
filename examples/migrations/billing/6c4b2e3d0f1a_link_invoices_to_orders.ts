/**
 * link invoices to orders
 *
 * Revision ID: 6c4b2e3d0f1a
 * Revises: 5b3a1d2c9e0f
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "6c4b2e3d0f1a";
export const downRevision: string | string[] | null = "5b3a1d2c9e0f";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = "ae1027a6acf1";

export async function upgrade(op: Op): Promise<void> {
  // Depends on the orders table from the main branch, without merging the branches.
  await op.execute("ALTER TABLE invoices ADD COLUMN order_id integer REFERENCES orders (id)");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("ALTER TABLE invoices DROP COLUMN order_id");
}
