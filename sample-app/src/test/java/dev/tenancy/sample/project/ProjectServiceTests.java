package dev.tenancy.sample.project;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectServiceTests {

	@Test
	void escapesLikeWildcardsAndTheEscapeCharacter() {
		assertThat(ProjectService.escapeLike("100%")).isEqualTo("100\\%");
		assertThat(ProjectService.escapeLike("a_b")).isEqualTo("a\\_b");
		assertThat(ProjectService.escapeLike("back\\slash")).isEqualTo("back\\\\slash");
		assertThat(ProjectService.escapeLike("plain")).isEqualTo("plain");
	}

}
