package dev.tenancy.sample.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the sample's HTTP API.
 */
@ConfigurationProperties("sample.web")
public class SampleWebProperties {

	/**
	 * Largest request body accepted; a larger one is answered with 413 Content Too Large.
	 */
	private DataSize maxRequestBodySize = DataSize.ofMegabytes(1);

	public DataSize getMaxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
		this.maxRequestBodySize = maxRequestBodySize;
	}

}
