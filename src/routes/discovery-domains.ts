import {
  deleteDiscoveryDomain,
  findDiscoveryDomain,
  insertDiscoveryDomain,
  listDiscoveryDomains,
  updateDiscoveryDomain,
  type DomainConflict,
} from '../db/discovery-domains'
import { ApiError, fail } from '../errors'
import { idPage, idPageRequest } from '../http/checkpoint'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { DiscoveryDomainList, DiscoveryDomainResponse } from '../openapi/responses'
import type { DiscoveryDomain } from '../schemas/discovery-domain'
import {
  DiscoveryDomainCreate,
  DiscoveryDomainListQuery,
  DiscoveryDomainNamePath,
  DiscoveryDomainPath,
  DiscoveryDomainsPath,
  DiscoveryDomainUpdate,
} from '../schemas/discovery-domain'

/** Recorded on a read after delete; no errorCode. */
const notFound = () => new ApiError('not_found', 'No organization domain found by that id')

/** Auth0 documents both 409s without a text; these are ours (behaviour-2026.md §3). */
const CONFLICTS: Record<DomainConflict, () => ApiError> = {
  duplicate: () => new ApiError('conflict', 'An organization discovery domain with this domain is already registered to this organization.'),
  claimed: () => new ApiError('conflict', 'This domain is already verified for organization discovery by another organization.'),
}

const found = (result: DiscoveryDomain | 'no_organization' | null): DiscoveryDomain => {
  if (result === 'no_organization') throw orgNotFound()
  return result ?? fail(notFound())
}

const BASE = '/organizations/{id}/discovery-domains'

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_discovery-domains',
    summary: 'Add a discovery domain to the organization',
    tag: 'organizations',
    description: 'Status `pending` and discovery on unless said otherwise; a verified discovery domain can belong to one organization only.',
    scopes: ['create:organization_discovery_domains'],
    params: DiscoveryDomainsPath,
    body: DiscoveryDomainCreate,
    responses: { 201: ok('The discovery domain.', DiscoveryDomainResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body, env, keep }) => {
    const result = await insertDiscoveryDomain(env.DB, id, body, keep)
    if (result === 'no_organization') throw orgNotFound()
    return typeof result === 'string' ? fail(CONFLICTS[result]()) : result
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_discovery-domains',
    summary: "List the organization's discovery domains, oldest first",
    tag: 'organizations',
    description: 'Checkpoint paging only: `next` is absent on the last page.',
    scopes: ['read:organization_discovery_domains'],
    params: DiscoveryDomainsPath,
    query: DiscoveryDomainListQuery,
    responses: { 200: ok('Discovery domains.', DiscoveryDomainList) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const { take, from } = idPageRequest(q, /^ord_[A-Za-z0-9]{22}$/)
    // The cursor names the next page's first domain (recorded), so `from` starts there, inclusive.
    const page = idPage((await listDiscoveryDomains(env.DB, id, from, take + 1)) ?? fail(orgNotFound()), take, (d) => d.id)
    return { ...(page.next && { next: page.next }), domains: page.rows }
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{discovery_domain_id}`,
    operationId: 'get_discovery-domains_by_discovery_domain_id',
    summary: 'Get a discovery domain',
    tag: 'organizations',
    scopes: ['read:organization_discovery_domains'],
    params: DiscoveryDomainPath,
    responses: { 200: ok('The discovery domain.', DiscoveryDomainResponse) },
    errors: [404],
  },
  async ({ params: { id, discovery_domain_id }, env }) => found(await findDiscoveryDomain(env.DB, id, { id: discovery_domain_id })),
)

const getByName = operation(
  {
    method: 'GET',
    path: `${BASE}/name/{discovery_domain}`,
    operationId: 'get_name_by_discovery_domain',
    summary: 'Get a discovery domain by its domain name',
    tag: 'organizations',
    scopes: ['read:organization_discovery_domains'],
    params: DiscoveryDomainNamePath,
    responses: { 200: ok('The discovery domain.', DiscoveryDomainResponse) },
    errors: [404],
  },
  async ({ params: { id, discovery_domain }, env }) => found(await findDiscoveryDomain(env.DB, id, { domain: discovery_domain })),
)

const update = operation(
  {
    method: 'PATCH',
    path: `${BASE}/{discovery_domain_id}`,
    operationId: 'patch_discovery-domains_by_discovery_domain_id',
    summary: 'Update a discovery domain',
    tag: 'organizations',
    description: 'Only `status` and `use_for_organization_discovery` change; setting `verified` is accepted as Auth0 accepts it.',
    scopes: ['update:organization_discovery_domains'],
    params: DiscoveryDomainPath,
    body: DiscoveryDomainUpdate,
    responses: { 200: ok('The discovery domain.', DiscoveryDomainResponse) },
    errors: [404, 409],
  },
  async ({ params: { id, discovery_domain_id }, body, env }) => {
    const result = await updateDiscoveryDomain(env.DB, id, discovery_domain_id, body)
    return result === 'claimed' ? fail(CONFLICTS.claimed()) : found(result)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: `${BASE}/{discovery_domain_id}`,
    operationId: 'delete_discovery-domains_by_discovery_domain_id',
    summary: 'Remove a discovery domain',
    tag: 'organizations',
    description: 'Idempotent: a second delete is also 204 (recorded).',
    scopes: ['delete:organization_discovery_domains'],
    params: DiscoveryDomainPath,
    responses: { 204: ok('Removed.') },
    errors: [404],
  },
  async ({ params: { id, discovery_domain_id }, env }) => {
    if (!(await deleteDiscoveryDomain(env.DB, id, discovery_domain_id))) throw orgNotFound()
  },
)

export const discoveryDomains = [create, list, get, getByName, update, remove]
