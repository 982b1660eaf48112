package dev.tenancy.test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.tenancy.test.FirstServerResolver.ResolvedServer;
import dev.tenancy.test.FirstServerResolver.Source;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server resolution against the real environment: the probe on real servers, the shared choice that test
 * databases use, and resolution in a class loader that has no Testcontainers.
 */
class FirstServerResolverIT {

	@Test
	void probeAcceptsASuperuserAndSaysWhatIsWrongOtherwise() {
		assertThat(FirstServerResolver.probe(TenancyTestDatabase.serverUrl())).isNull();
		try (TenancyTestDatabase db = TenancyTestDatabase.create(FirstServerResolverIT.class)) {
			String asApp = db.jdbcUrl() + "?user=" + TenancyTestDatabase.APP_ROLE + "&password="
					+ TenancyTestDatabase.PASSWORD;
			assertThat(FirstServerResolver.probe(asApp))
				.isEqualTo("it connects as 'tenancy_test_app', which is not a superuser (tests create databases and "
						+ "roles through this connection)");
		}
		assertThat(FirstServerResolver.probe("jdbc:postgresql://127.0.0.1:5499/postgres?user=postgres&password=s3cret"))
			.startsWith("no connection (")
			.doesNotContain("s3cret");
	}

	@Test
	void testDatabasesUseTheServerChosenInOrder() {
		ResolvedServer shared = FirstServerResolver.shared();
		assertThat(TenancyTestDatabase.serverUrl()).isEqualTo(shared.jdbcUrl());
		assertThat(TenancyTestServer.first()).hasToString("TenancyTestServer[" + TenancyTestServer.redact(shared.jdbcUrl()) + "]");
		String configured = firstNonBlank(System.getProperty("tenancy.test.jdbc-url"), System.getenv("TENANCY_TEST_JDBC_URL"));
		Source expected = (configured != null) ? Source.CONFIGURED_URL
				: TestcontainersPostgres.isDockerAvailable() ? Source.TESTCONTAINERS : Source.LOCALHOST;
		assertThat(shared.source()).isEqualTo(expected);
	}

	@Test
	void resolvesWithoutTestcontainersOnTheClassPath() throws Exception {
		HidingClassLoader loader = new HidingClassLoader(getClass().getClassLoader());
		Class<?> resolverType = loader.loadClass(FirstServerResolver.class.getName());
		assertThat(resolverType.getClassLoader()).isSameAs(loader);
		// the real wiring, minus the settings, so that this reaches the Testcontainers branch wherever it runs
		Method withSettings = resolverType.getDeclaredMethod("withSettings", Function.class,
				Function.class);
		withSettings.setAccessible(true);
		Function<String, @Nullable String> none = (key) -> null;
		Object resolver = withSettings.invoke(null, none, none);
		Method resolve = resolverType.getDeclaredMethod("resolve");
		resolve.setAccessible(true);
		String outcome;
		try {
			Object server = resolve.invoke(resolver);
			Method description = server.getClass().getDeclaredMethod("description");
			description.setAccessible(true);
			outcome = (String) description.invoke(server);
		}
		catch (InvocationTargetException ex) {
			// no server on localhost here: the failure must still say why Testcontainers was not used
			assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class);
			outcome = ex.getCause().getMessage();
		}
		assertThat(outcome).containsAnyOf("Testcontainers is not on the test class path", "Testcontainers: not on the test class path");
		assertThat(loader.refused).contains("org.testcontainers.DockerClientFactory");
		assertThat(loader.refused).allMatch((name) -> name.startsWith("org.testcontainers."));
	}

	private static @Nullable String firstNonBlank(@Nullable String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/**
	 * Loads this module's classes itself and refuses every Testcontainers class, as a class path without
	 * Testcontainers would.
	 */
	static final class HidingClassLoader extends ClassLoader {

		final List<String> refused = new CopyOnWriteArrayList<>();

		HidingClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("org.testcontainers.")) {
				this.refused.add(name);
				throw new ClassNotFoundException(name + " is hidden from this test");
			}
			if (!name.startsWith("dev.tenancy.test.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = define(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		private Class<?> define(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
