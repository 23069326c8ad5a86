export interface TokenClient {
  secretHash: string
  grantTypes: string[]
  /** Scopes of the client's grant on the Management API audience; null when it has none. */
  grantedScopes: string[] | null
}

/** A client and its grant for `audience`, in one query, for the token endpoint. */
export async function findTokenClient(db: D1Database, clientId: string, audience: string): Promise<TokenClient | null> {
  const row = await db
    .prepare(
      `SELECT c.secret_hash, json_extract(c.doc, '$.grant_types') AS grant_types, g.scope
       FROM clients c LEFT JOIN client_grants g ON g.client_id = c.client_id AND g.audience = ?2
       WHERE c.client_id = ?1`,
    )
    .bind(clientId, audience)
    .first<{ secret_hash: string; grant_types: string | null; scope: string | null }>()
  if (!row) return null
  return {
    secretHash: row.secret_hash,
    grantTypes: row.grant_types ? (JSON.parse(row.grant_types) as string[]) : ['client_credentials'],
    grantedScopes: row.scope === null ? null : (JSON.parse(row.scope) as string[]),
  }
}
