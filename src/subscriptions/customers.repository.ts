import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Customer } from './customer.entity';

/** The link between a user and their Stripe customer: written once, by the first event or Checkout that shows it. */
@Injectable()
export class CustomersRepository {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /** Records that `stripeCustomerId` is the user's; a customer already linked keeps its first user. */
  async link(em: EntityManager, userId: string, stripeCustomerId: string): Promise<void> {
    await em.createQueryBuilder().insert().into(Customer).values({ userId, stripeCustomerId }).orIgnore().execute();
  }

  /** The user linked to a Stripe customer, or null. */
  async userOf(stripeCustomerId: string, em: EntityManager = this.customers.manager): Promise<string | null> {
    return (await em.findOne(Customer, { where: { stripeCustomerId } }))?.userId ?? null;
  }

  /** The Stripe customer linked to a user, or null. */
  async customerOf(userId: string): Promise<string | null> {
    return (await this.customers.findOne({ where: { userId } }))?.stripeCustomerId ?? null;
  }
}
