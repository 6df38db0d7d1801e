// Which privatelink zone serves which private endpoint, and where an FQDN's A record lives in it.

/** Zones each private-link sub-resource needs (Azure's documented "privatelink" zone names). */
export const ZONES_BY_GROUP: Readonly<Record<string, readonly string[]>> = {
  blob: ['privatelink.blob.core.windows.net'],
  file: ['privatelink.file.core.windows.net'],
  queue: ['privatelink.queue.core.windows.net'],
  table: ['privatelink.table.core.windows.net'],
  // Key Vault's zone is vaultcore.azure.net although its host names end in vault.azure.net.
  vault: ['privatelink.vaultcore.azure.net'],
  registry: ['privatelink.azurecr.io'],
  amlworkspace: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
};

/** Public host-name suffix → zone, for the suffixes that differ from the zone name minus "privatelink.". */
const SUFFIX_ALIASES: Readonly<Record<string, string>> = {
  'vault.azure.net': 'privatelink.vaultcore.azure.net',
};

export function zonesFor(groupId: string): readonly string[] {
  const zones = ZONES_BY_GROUP[groupId];
  if (!zones) throw new Error(`no private DNS zone is known for private-link group '${groupId}'`);
  return zones;
}

export interface RecordLocation {
  readonly zone: string;
  /** Relative record name: the FQDN minus the zone's public suffix (e.g. `mystorage` for blob). */
  readonly recordName: string;
}

/**
 * Where Azure DNS resolves `fqdn` inside a VNet linked to the privatelink zones: `x.blob.core.windows.net` is a
 * CNAME to `x.privatelink.blob.core.windows.net`, so the A record is `x` in `privatelink.blob.core.windows.net`.
 * Only zones in `candidates` are considered; undefined when none serves the name.
 */
export function recordLocation(fqdn: string, candidates: readonly string[]): RecordLocation | undefined {
  const host = fqdn.toLowerCase().replace(/\.$/, '');
  let best: RecordLocation | undefined;
  for (const zone of candidates) {
    const suffixes = [zone.slice('privatelink.'.length)];
    for (const [alias, target] of Object.entries(SUFFIX_ALIASES)) if (target === zone) suffixes.push(alias);
    for (const suffix of suffixes) {
      if (!host.endsWith(`.${suffix}`)) continue;
      const recordName = host.slice(0, -(suffix.length + 1));
      // The longest suffix wins (x.eastus.data.azurecr.io has one zone, but be exact if zones ever nest).
      if (!best || recordName.length < best.recordName.length) best = { zone, recordName };
    }
  }
  return best;
}
