package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import picocli.CommandLine.Option;

/** {@code --referrers} / {@code --no-referrers} of copy, sync, save and load; without either, cfg.yaml's {@code referrers:}. */
final class ReferrersFlag {
    @Option(names = "--referrers", negatable = true,
            description = "Also move what refers to each image: OCI 1.1 referrers (SBOMs, signatures) and cosign's .sig, .att and .sbom tags (default: cfg.yaml referrers, else off).")
    Boolean referrers;

    /** Whether the images' referrers go with them. */
    boolean on(FerryConfig config) {
        return referrers != null ? referrers : config != null && config.referrers();
    }
}
