package dev.tenancy.jpa.crypto;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.Aead;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's keyset as one instance read it: the primitive, the ids of its keys, and ids of keys found missing when
 * the keyset was read again for them.
 *
 * @param aead the keyset as a primitive
 * @param keyIds the ids of its keys
 * @param missing ids of keys ciphertexts named that the keyset, read again, still lacked
 */
record LoadedKey(Aead aead, Set<Integer> keyIds, Set<Integer> missing) {

	/** The first byte of a ciphertext of a key with Tink's output prefix, followed by the key's id. */
	private static final byte TINK_PREFIX = 0x01;

	/** How many missing key ids are remembered at most per cached keyset. */
	private static final int MAXIMUM_MISSING = 100;

	LoadedKey(Aead aead, Set<Integer> keyIds) {
		this(aead, keyIds, ConcurrentHashMap.newKeySet());
	}

	/**
	 * Returns the id of the key a ciphertext names (Tink's output prefix: {@code 0x01}, then the key's id) if this
	 * keyset lacks it and it was not found missing before; {@code null} otherwise.
	 */
	@Nullable Integer unseenKeyOf(byte[] ciphertext) {
		if (ciphertext.length <= 5 || ciphertext[0] != TINK_PREFIX) {
			return null;
		}
		int id = ByteBuffer.wrap(ciphertext, 1, 4).getInt();
		return (this.keyIds.contains(id) || this.missing.contains(id)) ? null : id;
	}

	void remember(int missingId) {
		if (this.missing.size() < MAXIMUM_MISSING) {
			this.missing.add(missingId);
		}
	}

}
