package dev.tenancy.jpa.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A document in a table of its own, joined to the root's by id. */
@Entity
@Table(name = "invoices")
public class Invoice extends Document {

	private int amount;

	protected Invoice() {
	}

	public int getAmount() {
		return this.amount;
	}

}
