/**
 * add email to accounts
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "27c6a30d7c24";
export const downRevision: string | string[] | null = "1975ea83b712";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute("ALTER TABLE accounts ADD COLUMN email varchar(200)");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("ALTER TABLE accounts DROP COLUMN email");
}
