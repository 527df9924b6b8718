/**
 * create accounts table
 *
 * Revision ID: 1975ea83b712
 * Revises:
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "1975ea83b712";
export const downRevision: string | string[] | null = null;
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute("CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(100) NOT NULL)");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("DROP TABLE accounts");
}
