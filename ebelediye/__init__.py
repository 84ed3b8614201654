"""e-Belediye platform core: app factory, config, tenancy, registry, jobs, identity, audit."""
