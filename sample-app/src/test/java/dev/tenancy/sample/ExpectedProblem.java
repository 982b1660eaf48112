package dev.tenancy.sample;

import java.util.function.Consumer;

import dev.tenancy.sample.HttpProbe.Reply;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer a bad request must get: its status, an RFC 9457 {@code application/problem+json} body with the same
 * status and the given problem type, and whatever else a case checks.
 *
 * @param status the status code
 * @param type the problem type, {@code about:blank} for a problem described by its status alone
 * @param more further assertions on the response
 */
record ExpectedProblem(int status, String type, Consumer<Reply> more) {

	static final String TENANCY_PROBLEMS = "https://tenancy.dev/problems/";

	/** Spring Security's answer to a missing or invalid token, through the sample's entry point. */
	static ExpectedProblem unauthorized() {
		return new ExpectedProblem(401, "about:blank", (reply) -> assertThat(reply.header("WWW-Authenticate"))
			.as(reply.toString())
			.startsWith("Bearer"));
	}

	/** A problem of the tenancy library's filter. */
	static ExpectedProblem tenancy(int status, String slug) {
		return new ExpectedProblem(status, TENANCY_PROBLEMS + slug, (reply) -> {
		});
	}

	static ExpectedProblem invalidTenantId() {
		return new ExpectedProblem(400, TENANCY_PROBLEMS + "invalid-tenant-id", (reply) -> assertThat(reply.body())
			.as("the problem does not repeat the whole input")
			.hasSizeLessThan(1000));
	}

	/** Another tenant's project, exactly like one that does not exist. */
	static ExpectedProblem projectNotFound() {
		return new ExpectedProblem(404, TENANCY_PROBLEMS + "sample/project-not-found", (reply) -> {
		});
	}

	static ExpectedProblem badRequest() {
		return status(400);
	}

	/** A 400 whose {@code errors} name the invalid field. */
	static ExpectedProblem invalidField(String field) {
		return new ExpectedProblem(400, "about:blank", (reply) -> assertThat(
				reply.json().path("errors").findValuesAsString("field"))
			.as(reply.toString())
			.contains(field));
	}

	static ExpectedProblem contentTooLarge() {
		return status(413).because("larger than 1 MB");
	}

	/** Tomcat's answer to a request line or headers it will not take, before any filter runs. */
	static ExpectedProblem refusedByTomcat() {
		return status(400).because("before the application saw it");
	}

	/** A problem described by its status alone, short, whatever the size of the request. */
	static ExpectedProblem status(int status) {
		return new ExpectedProblem(status, "about:blank", (reply) -> assertThat(reply.body()).hasSizeLessThan(2000));
	}

	/** Proves the request failed for the reason the case is about, not for another one it also has. */
	ExpectedProblem because(String detailPart) {
		return new ExpectedProblem(this.status, this.type, this.more.andThen((reply) -> assertThat(
				reply.json().path("detail").asString()).as(reply.toString()).contains(detailPart)));
	}

	ExpectedProblem withDetailStartingWith(String start) {
		return new ExpectedProblem(this.status, this.type, this.more.andThen((reply) -> assertThat(
				reply.json().path("detail").asString()).as(reply.toString()).startsWith(start)));
	}

	void assertMatches(Reply reply) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(this.status);
		assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.path("status").asInt()).as(reply.toString()).isEqualTo(this.status);
		// RFC 9457: an absent type means about:blank
		assertThat(problem.path("type").asString("about:blank")).as(reply.toString()).isEqualTo(this.type);
		assertThat(problem.path("title").asString()).as(reply.toString()).isNotBlank();
		this.more.accept(reply);
	}

}
