package dev.tenancy.test.isolation.elsewhere;

import java.util.UUID;

/** Entities the isolation assertions cannot see into without reflection: package-private classes. */
public final class Entities {

	private Entities() {
	}

	public static Object packagePrivateWithGetter(UUID id) {
		return new PackagePrivateEntity(id);
	}

	static final class PackagePrivateEntity {

		private final UUID id;

		PackagePrivateEntity(UUID id) {
			this.id = id;
		}

		public UUID getId() {
			return this.id;
		}

	}

}
