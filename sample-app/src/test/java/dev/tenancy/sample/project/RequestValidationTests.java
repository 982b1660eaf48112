package dev.tenancy.sample.project;

import java.lang.reflect.Method;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API refuses with 400 before PostgreSQL could fail on it with a 500: NUL characters, which a
 * {@code text} value cannot hold, and pages whose offset does not fit in an {@code int}.
 */
class RequestValidationTests {

	private static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();

	private static final Validator validator = factory.getValidator();

	@AfterAll
	static void closeFactory() {
		factory.close();
	}

	@Test
	void namesAndTitlesWithNulAreInvalid() {
		assertThat(messages(validator.validate(new ProjectRequest("a\u0000b", null))))
			.containsExactly("must not contain NUL characters (U+0000)");
		assertThat(messages(validator.validate(new ProjectRequest("Plan", "a\u0000b"))))
			.containsExactly("must not contain NUL characters (U+0000)");
		assertThat(messages(validator.validate(new TaskRequest("\u0000"))))
			.contains("must not contain NUL characters (U+0000)");
	}

	@Test
	void otherTextIsValid() {
		assertThat(validator.validate(new ProjectRequest("Plan \u00e9t\u00e9 \ud83d\ude80\nline two\ttab", null))).isEmpty();
		assertThat(validator.validate(new ProjectRequest("Plan", "what it is about"))).isEmpty();
		assertThat(validator.validate(new TaskRequest("a\u0001b"))).isEmpty();
	}

	@Test
	void searchTextWithNulIsInvalid() throws Exception {
		Method search = TaskController.class.getDeclaredMethod("search", String.class);
		assertThat(messages(validator.forExecutables()
			.validateParameters(new TaskController(null), search, new Object[] { "a\u0000" })))
			.containsExactly("must not contain NUL characters (U+0000)");
	}

	@Test
	void lastPageIsTheLastWhoseOffsetFitsInAnInt() throws Exception {
		Method list = ProjectController.class.getDeclaredMethod("list", int.class, int.class);
		ProjectController controller = new ProjectController(null);
		int lastPage = ProjectController.MAX_PAGE;
		int size = ProjectController.MAX_PAGE_SIZE;
		assertThat(validator.forExecutables().validateParameters(controller, list, new Object[] { lastPage, size }))
			.isEmpty();
		assertThat(validator.forExecutables().validateParameters(controller, list, new Object[] { lastPage + 1, size }))
			.hasSize(1);
		long lastRow = ((long) ProjectController.MAX_PAGE + 1) * ProjectController.MAX_PAGE_SIZE;
		assertThat(lastRow).isLessThanOrEqualTo(Integer.MAX_VALUE);
	}

	private static Set<String> messages(Set<? extends ConstraintViolation<?>> violations) {
		return violations.stream().map(ConstraintViolation::getMessage).collect(java.util.stream.Collectors.toSet());
	}

}
