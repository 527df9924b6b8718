// Stand-ins for the three app modules the skateshop schema imports (`@/db/utils`, `@/lib/utils`, `@/types`):
// only what the schema needs to load. Written for the corpus; not part of the upstream application.

import { randomBytes } from "node:crypto";
import { mysqlTableCreator } from "drizzle-orm/mysql-core";

/** The app's table creator: every table name gets the `skateshop_` prefix. */
export const mysqlTable = mysqlTableCreator((name) => `skateshop_${name}`);

/** A short random id; the app uses nanoid's customAlphabet for the same purpose (client-side default only). */
export function createId(length = 7): string {
  return randomBytes(length).toString("base64url").slice(0, length);
}

export interface StoredFile {
  id: string;
  name: string;
  url: string;
}

export interface CartItem {
  productId: string;
  quantity: number;
  subcategory?: string | null;
}

export interface CheckoutItem extends CartItem {
  price: number;
}
