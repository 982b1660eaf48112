package dev.tenancy.sample.bootstrap;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a failed database bootstrap as Spring Boot's short "APPLICATION FAILED TO START" description and
 * action, rather than a stack trace.
 */
class DatabaseBootstrapFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseBootstrapException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseBootstrapException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
