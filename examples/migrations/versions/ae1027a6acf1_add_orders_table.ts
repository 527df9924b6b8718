/**
 * add orders table
 *
 * Revision ID: ae1027a6acf1
 * Revises: 27c6a30d7c24
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "ae1027a6acf1";
export const downRevision: string | string[] | null = "27c6a30d7c24";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute(
    "CREATE TABLE orders (id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts (id), total numeric(10, 2))",
  );
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("DROP TABLE orders");
}
