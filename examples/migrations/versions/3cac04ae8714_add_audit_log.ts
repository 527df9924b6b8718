/**
 * add audit log
 *
 * Revision ID: 3cac04ae8714
 * Revises: 27c6a30d7c24
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "3cac04ae8714";
export const downRevision: string | string[] | null = "27c6a30d7c24";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute("CREATE TABLE audit_log (id integer PRIMARY KEY, message text NOT NULL)");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("DROP TABLE audit_log");
}
