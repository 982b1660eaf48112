package dev.tenancy.benchmarks.harness;

import java.util.Map;

import org.HdrHistogram.Histogram;

/** Measured slices for tests of the report: a number of requests served in one second. */
final class Slices {

	private static final long SECOND = 1_000_000_000L;

	private Slices() {
	}

	/** A one-second slice in which the given number of reads by id each took a microsecond. */
	static PhaseResult ofOneSecond(int requests) {
		Histogram latencies = PhaseResult.newHistogram();
		latencies.recordValueWithCount(1_000, requests);
		PhaseResult result = new PhaseResult();
		result.add(Map.of(Call.Endpoint.GET_PROJECT, latencies), Map.of(), SECOND);
		return result;
	}

}
