package dev.tenancy.sample.stats;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How much the caller's tenant has.
 */
@RestController
class StatsController {

	private final StatsService service;

	StatsController(StatsService service) {
		this.service = service;
	}

	@GetMapping("/api/stats")
	StatsService.Stats stats() {
		return this.service.stats();
	}

}
