package dev.tenancy.test.isolation;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether the caller runs inside a Spring-managed transaction; false when Spring's transaction support is not on
 * the class path.
 */
final class SurroundingTransaction {

	private static final boolean SPRING_TX_PRESENT = isPresent();

	private SurroundingTransaction() {
	}

	static boolean isActive() {
		return SPRING_TX_PRESENT && Check.isActive();
	}

	private static boolean isPresent() {
		try {
			Class.forName("org.springframework.transaction.support.TransactionSynchronizationManager", false,
					SurroundingTransaction.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Names Spring's types; loaded only when they are there. */
	private static final class Check {

		static boolean isActive() {
			return TransactionSynchronizationManager.isActualTransactionActive();
		}

	}

}
