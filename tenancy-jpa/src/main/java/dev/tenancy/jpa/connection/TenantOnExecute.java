package dev.tenancy.jpa.connection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;

/**
 * Makes a statement that does not carry the tenant itself set it again when it runs in a later transaction: the
 * driver's statements from {@code createStatement}, {@code prepareCall} and the {@code prepareStatement} forms
 * with generated keys, result set options or holdability (and every prepared statement when the tenant does not
 * travel with the first statement). Made in one transaction, such a statement would otherwise run in the next
 * with no tenant, and a SCHEMA tenant's with the default {@code search_path}.
 * <p>
 * A reflective proxy, not a forwarding class: these statements are a small share of an application's, and each
 * call costs a reflective dispatch next to a round trip to the server.
 */
final class TenantOnExecute implements InvocationHandler {

	private final Statement target;

	private final TenantBoundConnection connection;

	private TenantOnExecute(Statement target, TenantBoundConnection connection) {
		this.target = target;
		this.connection = connection;
	}

	/**
	 * Wraps a statement of the connection.
	 * @param <S> the statement type
	 * @param type the statement interface the caller asked for
	 * @param statement the driver's statement
	 * @param connection the connection handed to the application
	 * @return the statement, setting the tenant when it runs if its transaction does not carry it yet
	 */
	static <S extends Statement> S wrap(Class<S> type, S statement, TenantBoundConnection connection) {
		Object proxy = Proxy.newProxyInstance(TenantOnExecute.class.getClassLoader(), new Class<?>[] { type },
				new TenantOnExecute(statement, connection));
		return type.cast(proxy);
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (name.startsWith("execute")) {
			this.connection.beforeExecute();
		}
		else if (name.equals("getConnection") && method.getParameterCount() == 0) {
			this.target.getConnection(); // fails like the driver's once closed
			return this.connection;
		}
		else if (name.equals("unwrap") && args[0] instanceof Class<?> iface && iface.isInstance(proxy)) {
			return proxy;
		}
		else if (name.equals("isWrapperFor") && args[0] instanceof Class<?> iface && iface.isInstance(proxy)) {
			return true;
		}
		else if (name.equals("equals") && method.getParameterCount() == 1) {
			return proxy == args[0];
		}
		else if (name.equals("hashCode") && method.getParameterCount() == 0) {
			return System.identityHashCode(proxy);
		}
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
