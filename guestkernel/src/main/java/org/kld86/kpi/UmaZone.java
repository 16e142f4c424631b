package org.kld86.kpi;

/**
 * {@code uma_zone_t}: a zone of same-sized items made by {@link Uma#uma_zcreate}. Opaque: pass it back to the
 * other {@link Uma} functions.
 *
 * <p>Trap: the kernel keeps the zone, and its hooks, until uma_zdestroy; destroy your zones in MOD_UNLOAD, after
 * freeing every item.
 */
public final class UmaZone {

    final org.kld86.kernel.uma.UmaZone zone;

    UmaZone(org.kld86.kernel.uma.UmaZone zone) {
        this.zone = zone;
    }

    @Override
    public String toString() {
        return "uma zone " + zone.name();
    }
}
