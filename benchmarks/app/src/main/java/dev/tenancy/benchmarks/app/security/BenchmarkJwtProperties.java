package dev.tenancy.benchmarks.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * How the application checks tokens; the harness mints them with the matching private key.
 *
 * @param publicKeyLocation the RSA public key (PEM, X.509) that signatures are verified with
 * @param issuer the issuer every token must name
 * @param audience the audience every token must name
 */
@ConfigurationProperties("bench.jwt")
record BenchmarkJwtProperties(Resource publicKeyLocation, String issuer, String audience) {

}
