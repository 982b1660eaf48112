package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.tenancy.core.Placement;

/**
 * The rows every tenant starts with, drawn from the seed and written as the superuser: six boards with up to
 * three cards each. SHARED tenants reuse board ids, codes and card ids of the SHARED tenant before them, so
 * that the shared tables hold the same id and business key for several tenants from the start.
 */
final class FuzzSeed {

	private static final int BOARDS = 6;

	private FuzzSeed() {
	}

	static Map<String, TenantModel> plant(FuzzTopology topology, SuperuserView view, long seed) {
		SplittableRandom random = new SplittableRandom(seed ^ 0x5EED5EED5EED5EEDL);
		Map<String, TenantModel> models = new LinkedHashMap<>();
		TenantModel previousShared = null;
		for (FuzzTenant tenant : topology.tenants()) {
			TenantModel model = new TenantModel(tenant);
			List<BoardRow> boards = new ArrayList<>();
			List<CardRow> cards = new ArrayList<>();
			for (int i = 0; i < BOARDS; i++) {
				BoardRow borrowed = (previousShared != null && tenant.placement() == Placement.SHARED && i >= BOARDS - 2)
						? previousShared.boards().get(i - (BOARDS - 2)) : null;
				String code = (borrowed != null && model.boardWithCode(borrowed.code()) == null) ? borrowed.code()
						: WriteOperations.freeCode(model, random.nextLong());
				BoardRow board = new BoardRow(tenant.id(), (borrowed != null) ? borrowed.id() : uuid(random),
						model.takeBoardSeq(), model.label("seed"), code, random.nextInt(3));
				model.put(board);
				boards.add(board);
				int cardCount = (borrowed != null) ? 2 : random.nextInt(4);
				for (int j = 0; j < cardCount; j++) {
					CardRow borrowedCard = (borrowed != null && j == 0) ? previousShared.cardsOf(borrowed.id())
						.stream()
						.findFirst()
						.orElse(null) : null;
					CardRow card = new CardRow(tenant.id(), (borrowedCard != null) ? borrowedCard.id() : uuid(random),
							board.id(), model.takeCardSeq(), model.label("seed"), random.nextInt(4));
					model.put(card);
					cards.add(card);
				}
			}
			view.insert(tenant.location(), boards, cards);
			models.put(tenant.id(), model);
			if (tenant.placement() == Placement.SHARED) {
				previousShared = model;
			}
		}
		return models;
	}

	private static java.util.UUID uuid(SplittableRandom random) {
		return FuzzContext.uuid(random.nextLong(), random.nextLong());
	}

}
