import { ApiProperty, PickType } from '@nestjs/swagger';
import { AccessDecisionCreateDto, accessDecisionBody, AccessDecisionResponseDto } from '../access/access.dto';
import type { AccessLevel } from '../access/domain/access-decision';
import { BodyShape, JsonSchemaPipe } from '../common/json-schema.pipe';
import { OfferLookupQueryDto } from '../offers/offers.dto';
import { CheckoutSessionCreateDto } from '../subscriptions/subscriptions.dto';
import { DEMO_USER_ID } from './paywall-demo.service';

/** The demo page's decision body: no reader ids (the route acts for the demo reader only), whether they signed in. */
export interface DemoAccessDecisionBody {
  articleId: string;
  access: AccessLevel;
  signedIn: boolean;
}

/** The same body for the OpenAPI spec: articleId and access as on POST /v1/access/decisions. */
export class DemoAccessDecisionCreateDto extends PickType(AccessDecisionCreateDto, ['articleId', 'access']) implements DemoAccessDecisionBody {
  @ApiProperty({ example: false, description: `true: decide for the demo user "${DEMO_USER_ID}" signed in on the demo device; false: anonymous` })
  signedIn: boolean;
}

const demoAccessDecisionBody: BodyShape<DemoAccessDecisionBody> = {
  properties: {
    articleId: accessDecisionBody.properties.articleId,
    access: accessDecisionBody.properties.access,
    signedIn: { schema: { type: 'boolean' }, message: 'signedIn must be true or false' },
  },
  required: ['articleId', 'access', 'signedIn'],
};
export const demoAccessDecisionBodyPipe = new JsonSchemaPipe(demoAccessDecisionBody);

/** The decision, and what the demo page words its walls with. */
export class DemoAccessDecisionResponseDto extends AccessDecisionResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: DEMO_USER_ID,
    description: 'The signed-in demo user the decision was made for; null while anonymous',
  })
  userId: string | null;

  @ApiProperty({
    type: 'integer',
    example: 5,
    description: 'freeArticleLimit: the free articles a signed-in reader gets each month (what the registration wall offers)',
  })
  registeredLimit: number;
}

/** Checkout for the demo user: the plan, and an offer named as on POST /v1/users/{userId}/checkout-sessions. */
export class DemoCheckoutSessionCreateDto extends PickType(CheckoutSessionCreateDto, ['planCode', 'offerCode', 'promotionCode']) {}

/** `GET /v1/demo/offers/{promotionCode}?planCode=`: the reader is the demo user, never named by the page. */
export class DemoOfferLookupQueryDto extends PickType(OfferLookupQueryDto, ['planCode']) {}
