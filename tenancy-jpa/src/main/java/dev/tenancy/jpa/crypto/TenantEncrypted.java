package dev.tenancy.jpa.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a text attribute encrypted with its tenant's data key ({@link TenantKeys}), as Base64 in a {@code text}
 * column: {@code @Convert(converter = TenantEncrypted.class) private String taxId;}.
 * <p>
 * The value is encrypted and decrypted as the tenant bound to the thread, the one whose rows the Hibernate session
 * reads and writes. A value copied into another tenant's row does not decrypt there, and none decrypts once its
 * tenant is purged. {@code null} stays {@code null}.
 * <p>
 * Encryption is randomized, so the same value encrypts differently each time: an encrypted column cannot be
 * compared, sorted, indexed for search or used in a query's {@code where}. Hibernate creates the converter through
 * Spring's bean container, which Spring Boot configures, so that it gets the {@link TenantKeys} bean.
 */
@Converter
public class TenantEncrypted implements AttributeConverter<@Nullable String, @Nullable String> {

	private final TenantKeys keys;

	/**
	 * Creates the converter.
	 * @param keys the tenants' data keys
	 */
	public TenantEncrypted(TenantKeys keys) {
		this.keys = keys;
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable String attribute) {
		if (attribute == null) {
			return null;
		}
		return Base64.getEncoder().encodeToString(this.keys.encrypt(attribute.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public @Nullable String convertToEntityAttribute(@Nullable String column) {
		if (column == null) {
			return null;
		}
		byte[] ciphertext;
		try {
			ciphertext = Base64.getDecoder().decode(column);
		}
		catch (IllegalArgumentException ex) {
			TenantId tenant = TenantContext.require();
			throw new TenantKeyException(tenant, "A value read as tenant '" + tenant + "' is not encrypted: it is "
					+ "not even Base64", ex);
		}
		return new String(this.keys.decrypt(ciphertext), StandardCharsets.UTF_8);
	}

}
