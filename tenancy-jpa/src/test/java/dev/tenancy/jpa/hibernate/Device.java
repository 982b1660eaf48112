package dev.tenancy.jpa.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An asset with a table of its own. */
@Entity
@Table(name = "devices")
public class Device extends Asset {

	private String serial;

	protected Device() {
	}

	public String getSerial() {
		return this.serial;
	}

}
