package dev.tenancy.test.isolation;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads an entity's id without being told how: a public {@code getId()} or {@code id()} method, else a field
 * annotated {@code @Id} (JPA's or Spring Data's).
 */
final class EntityIds {

	private static final Set<String> ID_ANNOTATIONS = Set.of("jakarta.persistence.Id", "jakarta.persistence.EmbeddedId",
			"org.springframework.data.annotation.Id");

	private EntityIds() {
	}

	static <T, ID> Function<T, @Nullable ID> reader() {
		Map<Class<?>, Function<Object, @Nullable Object>> readers = new ConcurrentHashMap<>();
		return (entity) -> {
			@SuppressWarnings("unchecked")
			ID id = (ID) readers.computeIfAbsent(entity.getClass(), EntityIds::readerOf).apply(entity);
			return id;
		};
	}

	private static Function<Object, @Nullable Object> readerOf(Class<?> type) {
		for (String name : new String[] { "getId", "id" }) {
			try {
				Method method = type.getMethod(name);
				if (!Modifier.isStatic(method.getModifiers()) && method.getReturnType() != void.class) {
					// entities are often package-private classes with public getters
					method.trySetAccessible();
					return (entity) -> invoke(method, entity);
				}
			}
			catch (NoSuchMethodException ex) {
				// try the next way
			}
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (Arrays.stream(field.getDeclaredAnnotations())
					.anyMatch((annotation) -> ID_ANNOTATIONS.contains(annotation.annotationType().getName()))) {
					field.setAccessible(true);
					return (entity) -> read(field, entity);
				}
			}
		}
		throw new IllegalStateException("Cannot tell the id of a " + type.getSimpleName() + ": it has no getId() or "
				+ "id() method and no @Id field. Say how with .identifiedBy(" + type.getSimpleName() + "::yourIdGetter).");
	}

	private static @Nullable Object invoke(Method method, Object entity) {
		try {
			return method.invoke(entity);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Could not read the id of " + entity.getClass().getSimpleName() + " through "
					+ method.getName() + "(): " + ex.getMessage(), ex);
		}
	}

	private static @Nullable Object read(Field field, Object entity) {
		try {
			return field.get(entity);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Could not read the id field " + field.getName() + " of "
					+ entity.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

}
