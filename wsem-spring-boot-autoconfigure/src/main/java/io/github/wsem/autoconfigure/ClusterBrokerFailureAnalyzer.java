package io.github.wsem.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for an application with
 * {@code wsem.cluster.type=redis} whose Redis broker cannot be configured, most often
 * because Spring Data Redis is not on the classpath.
 */
class ClusterBrokerFailureAnalyzer extends AbstractFailureAnalyzer<ClusterBrokerMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClusterBrokerMissingException cause) {
		if (!cause.isSpringDataRedisPresent()) {
			return new FailureAnalysis("wsem.cluster.type=redis, but Spring Data Redis is not on the classpath. "
					+ "wsem refuses to start as a single node with its in-memory broker when a cluster was asked for.",
					"Add org.springframework.boot:spring-boot-starter-data-redis (Spring Data Redis on Lettuce) "
							+ "and configure spring.data.redis.*, or remove wsem.cluster.type=redis to run on one node.",
					cause);
		}
		return new FailureAnalysis("wsem.cluster.type=redis, but wsem's Redis auto-configuration "
				+ "(io.github.wsem.autoconfigure.WsemRedisAutoConfiguration) did not apply, so only the in-memory "
				+ "broker of a single node is there.",
				"Do not exclude WsemRedisAutoConfiguration, check that Spring Data Redis's reactive API is on the "
						+ "classpath (the condition evaluation report, --debug, names what is missing), "
						+ "or remove wsem.cluster.type=redis to run on one node.",
				cause);
	}

}
